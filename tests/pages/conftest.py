# The legal pages and staff groups come back after a transactional test emptied the tables; fresh rate limits.
from tests.proposals.conftest import _fresh_rate_limits, _migrated_data  # noqa: F401
