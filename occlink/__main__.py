from occlink.cli.main import cli

cli(prog_name="occlink")
