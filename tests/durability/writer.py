"""The writer of the crash test: commits one write at a time through the services, forever.

Each write is one transaction (an organisation and its matching change log row); only after the
commit returns does it send the write's number down the pipe: the test's proof of acknowledgement.
"""

from __future__ import annotations

from multiprocessing.connection import Connection

from sqlmodel import Session

from jobmatch.db import make_engine
from jobmatch.services import matching, organisations

PRELOAD = ["jobmatch.db", "jobmatch.models", "jobmatch.services.organisations", __name__]


def write_forever(url: str, run: str, acks: Connection) -> None:
    engine = make_engine(url)
    number = 0
    while True:
        with Session(engine) as session:
            organisations.create_organisation(
                session, name=f"crash {run} {number}", kind="employer", region="ITC11"
            )
            matching.mark_changed(session)
            session.commit()
        acks.send(number)
        number += 1
