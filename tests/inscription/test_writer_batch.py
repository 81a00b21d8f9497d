"""The writer's batch (proceedings/writer.py): several commands in one transaction, each kept or
refused on its own. A refused command leaves nothing behind, whether it had written or not; the
commands around it stand."""

import pytest
from django.db import transaction

from hemicycle.delegations.models import Category, Delegation
from hemicycle.floor.errors import InvalidCommand
from hemicycle.proceedings import writer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_refused_command_leaves_nothing_and_the_others_stand():
    committed: list[str] = []

    def writes(code: str, refuse: bool = False):
        def command(batch) -> str:
            Delegation.objects.create(code=code, name=code, category=Category.MEMBER_STATE)
            transaction.on_commit(lambda: committed.append(code))
            if refuse:
                raise InvalidCommand("refused after writing")
            return code

        return command

    def refused_before_any_statement(batch) -> str:
        transaction.on_commit(lambda: committed.append("silent"))
        with transaction.atomic(savepoint=False):  # as a command's refusal in the store
            raise InvalidCommand("refused")

    outcomes = writer.run_batch(
        [
            (writes("AAA"), None),
            (writes("BBB", refuse=True), None),
            (refused_before_any_statement, None),
            (writes("CCC"), None),
        ]
    )

    assert [result for _done, result, _error in outcomes] == ["AAA", None, None, "CCC"]
    assert [type(error).__name__ for _done, _result, error in outcomes] == [
        "NoneType",
        "InvalidCommand",
        "InvalidCommand",
        "NoneType",
    ]
    assert sorted(
        Delegation.objects.filter(code__in=["AAA", "BBB", "CCC"]).values_list("code", flat=True)
    ) == ["AAA", "CCC"]
    assert committed == ["AAA", "CCC"]
