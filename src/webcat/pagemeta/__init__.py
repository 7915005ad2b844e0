"""What a web page says about itself, for ``webcat add --from-url``.

Pages publish their own metadata for exactly this (schema.org JSON-LD, OpenGraph, oEmbed),
so cataloguing a recorded talk should not mean copying its title, date and duration by hand.
The package is split by job: :mod:`.html` and :mod:`.pdf` read facts out of bytes (pure, no
network), :mod:`.facts` decides which source wins for each fact, :mod:`.fetch` gets the bytes
politely, and :mod:`.entry` turns facts into the fields of a catalogue entry. Only
:mod:`.entry` knows what a catalogue is.
"""
