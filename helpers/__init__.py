"""Code of the book, by layer: ``common`` (what every chapter uses), ``datasets`` (registry, downloads,
typed reading, one loader per data set), one package per study (``box_office``, ``movielens``,
``douyin``, ``douban``, ``netflix``) and ``publishing`` (the runner and the HTML book)."""

__version__ = "0.1.0"
