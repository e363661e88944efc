def render_project_panel(request, project) -> str:
    return ""
