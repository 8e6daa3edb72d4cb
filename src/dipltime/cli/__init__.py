"""The command line: the parser (each command declares its arguments beside its code),
the commands, and the one place where errors become messages and exit codes."""
