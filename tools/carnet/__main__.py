"""python -m carnet → cli.main()."""

from carnet.cli.main import main

raise SystemExit(main())
