from zhongxin_desktop.cli import main

raise SystemExit(main())
