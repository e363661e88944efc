# The legal pages and staff groups come back after a transactional test emptied the tables.
from tests.proposals.conftest import _migrated_data  # noqa: F401
