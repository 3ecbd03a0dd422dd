"""The Qt GUI. Talks to the services only; never to peewee or SQL."""
