"""Bundles over the network: the county's HTTP intake (``zhongxin serve``) and the township's
sender (``zhongxin bundle send``). The bundle's own signature and encryption authenticate it;
the transport adds nothing but delivery (TLS, when wanted, comes from a reverse proxy)."""
