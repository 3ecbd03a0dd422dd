"""Grid work (一张网、十联户): the grid registry (``grid``), its households (``grid_households``),
events handled in the grid or escalated to the center (``grid_events``), visits and the weekly
研判 meeting (``grid_visits``, ``grid_tasks``, ``grid_briefing``), the watch registers
(``grid_watch``), the figures the county asks for (``grid_figures``, ``tenlink_figures``), the
grid platform's Excel exports (``grid_import``), the records all of these hand out
(``grid_records``) and the demo township's grid story (``grid_demo``, ``grid_demo_work``, called by
``services/demo.py``).

Public are the modules named in ``__all__``; a module whose name starts with an underscore serves
this package only (``lint-imports`` keeps it so). Nothing is imported here: importing one module
does not load the others."""

__all__ = [
    "grid", "grid_briefing", "grid_demo", "grid_demo_work", "grid_events", "grid_figures", "grid_households",
    "grid_import", "grid_records", "grid_tasks", "grid_visits", "grid_watch", "tenlink_figures",
]
