"""Link health over time: the state file that remembers results between runs, and the
reports CI systems read (GitHub annotations, JUnit, SARIF, Markdown job summaries).

It sits between the link checker (which knows URLs, not catalogues) and the catalogue (which
knows where each URL is written): reports take items that carry both.
"""
