"""The print engine: layouts as data, fitting, glyph checks, QR codes, imposition, PDF drawing.

Stages, each with an inspectable result (spec/architecture.md):

    templates/print/*.toml --layout.load--> Layout (typed elements, validated once)
    Layout + record context --compose--> ComposedItem (fitted ops, problems named by record and field)
    ComposedItems --impose--> sheets (slots on A4, or one item per page)
    sheets --render--> PDF chunk bytes (reportlab, CMYK, embedded subset fonts, invariant)
    chunks --batch--> one PDF (merged in order, byte-identical whatever --jobs is) + PNG previews

A product (badges, cards, plaques, ...) is one or two layout files plus a small function that
turns the input into record contexts; the engine has no per-product branches.
"""
