"""Casework: a dispute case from registration to closing — the case itself (``cases``), its
corrections (``case_edit``), JSON in (``case_json``), the case list and its search box
(``case_list``, ``search_index``, ``server_search``), reading cases for lists and exports
(``case_query``), its files (``attachments``), the warnings before saving (``duplicates``,
``repeat_parties``), the choices its forms offer (``lookups``), the linkage deadlines
(``liaison``) and the closed loop back to the grid events a case came from (``grid_loop``).

Public are the modules named in ``__all__``; a module whose name starts with an underscore serves
this package only (``lint-imports`` keeps it so). Nothing is imported here: importing one module
does not load the others."""

__all__ = [
    "attachments", "case_edit", "case_json", "case_list", "case_query", "cases", "duplicates",
    "grid_loop", "liaison", "lookups", "repeat_parties", "search_index", "server_search",
]
