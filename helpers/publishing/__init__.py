"""The tooling that makes the book: the notebook runner, the generated pages and the HTML build."""
