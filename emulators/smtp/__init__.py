"""SMTP sink emulator: aiosmtpd on a random loopback port with STARTTLS and AUTH, mails kept in memory.

Use ``with SmtpEmulator(tls_context) as smtp:``, ``smtp.control.add_user(name, password)``, then
``smtp.control.mails()`` to see what arrived. Faults: refuse the next mails with a reply code, or
drop the connection at DATA.

Differences from a real mail server (Postfix, Exchange):

* Nothing is relayed or delivered; every accepted mail stays in memory for inspection.
* STARTTLS is required before AUTH and MAIL (like a submission port 587 with ``smtpd_tls_security_
  level=encrypt``); AUTH offers PLAIN and LOGIN only.
* No SPF/DKIM/recipient checks: any syntactically valid recipient is accepted.
"""

from emulators.smtp.control import SmtpControl
from emulators.smtp.models import Mail, SmtpFaults, SmtpWorld
from emulators.smtp.server import SmtpEmulator

__all__ = ["Mail", "SmtpControl", "SmtpEmulator", "SmtpFaults", "SmtpWorld"]
