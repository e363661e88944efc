# The ideas' categories and the staff groups, even after a transactional test emptied the tables.
from tests.proposals.conftest import _fresh_rate_limits, _migrated_data  # noqa: F401
