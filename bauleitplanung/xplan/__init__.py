"""XPlanGML (XPlanung 4.1, 5.x, 6.0): reading a plan file into plain data for the import (services.plans)."""
