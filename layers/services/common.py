from typing import Any


def save_fields(instance, data: dict[str, Any], allowed: set[str]):
    """Sets the editable fields, checks the row (`full_clean`) and saves it; returns it."""
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance
