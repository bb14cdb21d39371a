"""python -m carnet → cli.main()."""

from carnet.cli import main

raise SystemExit(main())
