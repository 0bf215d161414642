from surveyapp.domain.disclosure import PlanInput, PublicationPlan, UnitNode, compute_plan


def test_canonical_json_is_built_once_and_the_digest_follows_it() -> None:
    plan = compute_plan(
        PlanInput(units=(UnitNode(1, None, "Org"),), k=5, k_comments=10, responses={1: 7})
    )
    first = plan.canonical_json()
    assert plan.canonical_json() is first
    assert (
        plan.digest()
        == compute_plan(
            PlanInput(units=(UnitNode(1, None, "Org"),), k=5, k_comments=10, responses={1: 7})
        ).digest()
    )


def test_a_plan_read_back_from_its_stored_text_keeps_that_text_and_digest() -> None:
    plan = compute_plan(
        PlanInput(units=(UnitNode(1, None, "Org"),), k=5, k_comments=10, responses={1: 7})
    )
    stored = plan.canonical_json()
    again = PublicationPlan.from_json(stored)
    assert again.canonical_json() is stored
    assert again.digest() == plan.digest()
    assert again == plan
