"""Which of a preset's standard stages a stage of the input means, by the words in its name.

Plans name their stages freely ("宣传发动、制定方案", "动员部署", "调查摸底"), so a preset's
default text is found by meaning: each standard stage and each input stage is read as a set of
kinds (launch, survey, models, advance, review), and the preset stage sharing the most kinds, in
the same order of stages where kinds tie, gives its text. An exact title always wins.
"""

from __future__ import annotations

KINDS: dict[str, tuple[str, ...]] = {
    "launch": ("动员", "部署", "宣传", "发动", "启动", "制定方案", "方案", "准备", "筹备"),
    "survey": ("摸底", "调查", "调研", "排查", "摸清", "明确标准", "清理"),
    "models": ("典型", "示范", "试点", "选树", "培育", "引领", "先行"),
    "advance": ("推进", "实施", "落实", "覆盖", "推广", "铺开", "创建", "整改", "提升"),
    "review": ("总结", "验收", "检查", "评估", "考核", "巩固", "完善", "提高", "表彰", "督查", "评比", "长效"),
}


def kinds_of(name: str) -> set[str]:
    return {kind for kind, words in KINDS.items() if any(w in name for w in words)}


def _normal(name: str) -> str:
    return "".join(ch for ch in name if ch not in " 　、，,").strip()


def match_stage(name: str, standard: tuple[tuple[str, str], ...], position: int = 0) -> str | None:
    """The template of the preset stage `name` means (exact title first), else None.

    `standard` is the preset's (name, template) pairs; `position` is the stage's index in the
    input, used only to break ties between equally good matches."""
    key = _normal(name)
    for stage, path in standard:
        if _normal(stage) == key:
            return path
    wanted = kinds_of(name)
    if not wanted:
        return None
    best: tuple[int, int, str] | None = None
    for i, (stage, path) in enumerate(standard):
        shared = len(wanted & kinds_of(stage))
        if shared and (best is None or (shared, -abs(i - position)) > best[:2]):
            best = (shared, -abs(i - position), path)
    return best[2] if best else None
