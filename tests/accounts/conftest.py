# The ideas' categories and the staff groups, even after a transactional test emptied the tables.
from tests.proposals.conftest import _migrated_data  # noqa: F401
