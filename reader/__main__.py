from reader.cli import main

# Guarded: the index's worker processes may start by re-importing __main__.
if __name__ == "__main__":
    raise SystemExit(main())
