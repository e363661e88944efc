def seed(options: dict) -> str:
    return ""
