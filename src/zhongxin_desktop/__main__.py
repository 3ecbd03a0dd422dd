from zhongxin_desktop.launcher import main

raise SystemExit(main())
