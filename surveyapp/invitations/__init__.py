"""Getting invitations to people: mail-merge CSV, printable slips and team posters with QR codes."""
