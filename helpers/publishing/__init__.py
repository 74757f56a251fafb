"""The tooling that makes the book, one job a module: the chapter manifest, the notebooks and their
profiles, fingerprints and run statistics, the runner, the HTML build and its annotations, the generated
pages, the course plan, the student kit and the chapters' example files."""
