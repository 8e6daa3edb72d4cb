"""The outputs: text and JSON for the terminal, iCalendar files, CalDAV publishing, and
the safe writes they share. Built on the domain and the store; never imports a front end."""
