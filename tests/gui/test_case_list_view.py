"""The case list in its real widgets: the page reads the list once when it opens, and the table
fetches page after page (keyset) to the end in any column's order, with ties, filters and search."""
import pytest
from PySide6.QtCore import Qt

from test_case_list_paging import reference_ids, world  # noqa: F401  (a fixture)
from zhongxin_desktop.services.casework import case_list
from zhongxin_desktop.ui.case_list_model import CASE_ID_ROLE, COLUMNS
from zhongxin_desktop.ui.pages.cases import CasesPage


@pytest.fixture
def reads(monkeypatch):
    """Every list_page call the GUI makes, with its arguments."""
    calls = []
    real = case_list.list_page

    def counted(actor, filters=None, **kw):
        calls.append((dict(filters or {}), kw))
        return real(actor, filters, **kw)

    monkeypatch.setattr(case_list, "list_page", counted)
    return calls


def open_page(qtbot, ctx):
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1130, 760)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.choices is not None and not page.model.loading and not ctx.worker.pending(),
                    timeout=10000)
    return page


def test_opening_the_page_reads_the_list_once_newest_first(qtbot, world, app_ctx, reads):  # noqa: F811
    page = open_page(qtbot, app_ctx(world))
    assert len(reads) == 1
    assert reads[0][1]["sort"] == "registered_on" and reads[0][1]["descending"] and reads[0][1]["after"] is None
    assert page.model.rowCount() == min(page.model.PAGE, 300)
    shown = [page.model.index(r, 0).data(CASE_ID_ROLE) for r in range(page.model.rowCount())]
    assert shown == reference_ids({}, "registered_on", True)[:len(shown)]


def fetch_to_end(qtbot, model) -> list[str]:
    qtbot.waitUntil(lambda: not model.loading, timeout=10000)
    while model.canFetchMore():
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=10000)
    return [model.index(r, 0).data(CASE_ID_ROLE) for r in range(model.rowCount())]


@pytest.mark.parametrize("search", ["", "纠纷"])
def test_the_table_fetches_to_the_end_in_every_columns_order(qtbot, world, app_ctx, search):  # noqa: F811
    page = open_page(qtbot, app_ctx(world))
    page.model.PAGE = 11  # many pages, ties across their edges
    if search:
        page.search.setText(search)
    page.category_filter.setCurrentIndex(page.category_filter.findData("邻里"))  # reloads
    filters = {"category": "邻里", **({"search": search} if search else {})}
    for column, (_, _, sort) in enumerate(COLUMNS):
        if sort is None:
            continue
        for order in (Qt.AscendingOrder, Qt.DescendingOrder):
            page.view.sortByColumn(column, order)
            ids = fetch_to_end(qtbot, page.model)
            assert ids == reference_ids(filters, sort, order == Qt.DescendingOrder), (sort, order)
            assert ids and len(ids) == len(set(ids))
