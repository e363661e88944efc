class LayerImportError(Exception):
    """A file that cannot be imported, with messages for the planner (German, translatable)."""

    def __init__(self, *messages: str, layer_choices: list[str] | None = None):
        super().__init__(*messages)
        self.messages = [str(m) for m in messages]
        # Set when the file holds several layers and none was chosen: the form offers these.
        self.layer_choices = layer_choices or []
