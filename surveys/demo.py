def seed_demo_surveys(options: dict) -> str:
    return ""
