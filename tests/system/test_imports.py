"""No import cycle of any kind in bot/: among modules, parents and children included, whether
the import is at the top, inside a function or behind TYPE_CHECKING. (import-linter's
"No import cycles anywhere in bot" contract checks the same between packages.)"""

import grimp


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), sorted."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return sorted(found)


def test_no_module_of_bot_is_in_an_import_cycle() -> None:
    graph = grimp.build_graph("bot", cache_dir=None)
    assert len(graph.modules) > 100  # the whole package was read
    assert cycles(graph) == []


def test_a_cycle_through_a_lazy_import_is_found() -> None:
    graph = grimp.build_graph("bot", cache_dir=None)
    graph.add_import(
        importer="bot.timing",
        imported="bot.outbox.hours",
        line_number=1,
        line_contents="from bot.outbox.hours import held_back  # inside a function",
    )
    assert any({"bot.outbox.hours", "bot.timing"} <= set(group) for group in cycles(graph))
