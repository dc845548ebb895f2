from balancegame.cli import main

raise SystemExit(main())
