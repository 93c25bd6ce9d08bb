"""Students on their own devices: a small server-rendered web page beside the projector.

A student or a team opens the address shown on the projector, types the join code and
picks their role; their page shows the card on the table, their role's brief and private
goals, and a ballot that stays secret until the teacher reveals the tally. Envoys send
one-line lobbying messages the teacher can put on the projector.

The teacher has a page of their own, ``/teacher/<token>``, behind a secret of its own
(never shown on the projector; the app writes the link to a file beside the save): each
answer's forecast (exactly what choosing it would move), the card's historical note, the
votes even while the ballot is secret, and the cards that could be injected now.

Plain HTML forms, no external resources; every text, the students' own included, is
escaped (:func:`game.classroom.htmlkit.esc`). One small script of the server's own
(:data:`LIVE_JS`) keeps the status part of the teacher's page, of a student's seat and of
the tally page up to date: it fetches that part alone every two seconds, so a reason
being typed into a form is never wiped by a reload. With script off the pages work as
before, with their "refresh" link. The server runs in the teacher's app's event loop
and changes the same :class:`ClassSession`, whose votes go to the SQLite store as they
arrive.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from aiohttp import web

from game.base.i18n import _, ngettext, pgettext
from game.classroom.htmlkit import esc, moves_words, page, paragraphs, source, text
from game.classroom.session import team_role
from game.engine import RuleError, forecasts, tr

if TYPE_CHECKING:
    from game.classroom.session import ClassSession
    from game.classroom.store import SessionStore

COOKIE = "mv_seat"
MAX_BODY = 16 * 1024
CSS = """
body { font-family: system-ui, Arial, sans-serif; max-width: 40rem; }
.choice { display: block; border: 2px solid #000; border-radius: 0.4rem; padding: 0.6rem; margin: 0.5rem 0;
          font-size: 1.1rem; }
button, input[type=submit] { font-size: 1.1rem; padding: 0.5rem 1rem; margin-top: 0.4rem; }
input[type=text] { font-size: 1.1rem; padding: 0.4rem; width: 100%; }
select { font-size: 1.1rem; padding: 0.3rem; }
.note { border-left: 4px solid #000; padding-left: 0.6rem; }
.big { font-size: 1.4rem; font-weight: bold; }
form.inline { display: inline-block; margin-right: 0.4rem; }
button.choice { display: block; width: 100%; text-align: left; margin: 0.4rem 0; }
"""
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

# The live status: the element ``#live`` names the fragment it shows (data-live), the
# moment its page was drawn for (data-key) and how often to ask (data-every, in ms); the
# server answers with the fragment as it is now, and says there when the page's forms are
# out of date. Forms are never touched.
LIVE_SECONDS = 2.0
LIVE_JS = """(function () {
  var live = document.getElementById("live");
  if (!live || !window.fetch) { return; }
  function poll() {
    if (document.hidden) { return; }
    fetch(live.getAttribute("data-live") + "?key=" + encodeURIComponent(live.getAttribute("data-key")),
          {credentials: "same-origin", cache: "no-store"})
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (fragment) { if (fragment !== null) { live.innerHTML = fragment; } })
      .catch(function () {});
  }
  setInterval(poll, Number(live.getAttribute("data-every")) || 2000);
})();
"""


class TeacherDesk(Protocol):
    """The projector app's controls, as the teacher's page drives them: each action is
    run exactly as its key on the projector's keyboard would run it."""

    def phase(self) -> str:
        """What the projector shows: ``card`` (the discussion), ``outcome`` (an outcome
        being read), ``time-up``, ``busy`` (a dialog the keyboard must finish),
        ``too-small`` (its window must be enlarged first) or ``ended``."""
        ...

    async def act(self, action: str, form: Mapping[str, str]) -> str:
        """Run ``action`` (see :data:`ACTIONS`); what was done, or why not, in one line."""
        ...


# The teacher's page's buttons: each is a key on the projector's keyboard.
ACTIONS = ("clock", "extend", "reveal", "decide", "override", "next", "undo", "show-history", "hide-history")


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only, nothing leaves
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ClassroomWeb:
    """The pages, over a session getter (the app creates its session once it runs)."""

    def __init__(self, session: Callable[[], ClassSession], lang: str = "en",
                 on_change: Callable[[], None] = lambda: None, teacher_token: str | None = None,
                 desk: TeacherDesk | None = None) -> None:
        self.session, self.lang, self.on_change = session, lang, on_change
        self.desk = desk            # the projector's controls; None: the page only shows
        self.notice = ""            # what the teacher's last action did, shown once
        # The teacher's page has its own secret: the join code on the projector opens only
        # the students' pages.
        self.teacher_token = teacher_token or secrets.token_urlsafe(18)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.add_routes([web.get("/", self.index), web.post("/join", self.join), web.get("/seat", self.seat),
                        web.post("/vote", self.vote), web.post("/message", self.message),
                        web.get("/projector", self.projector), web.get("/teacher/{token}", self.teacher),
                        web.post("/teacher/{token}/do", self.teacher_action), web.get("/live.js", self.live_js),
                        web.get("/seat/status", self.seat_status), web.get("/projector/status", self.projector_status),
                        web.get("/teacher/{token}/status", self.teacher_status)])
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        # A form posted from another site (a page a student opened) is refused: its
        # Origin, when sent, must be this very server.
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin and origin != "null" and urlsplit(origin).netloc != request.host:
                return self._page(_("Refused"), f"<p>{esc(_('This form came from another site.'))}</p>", status=403)
        response = await handler(request)
        response.headers.update(HEADERS)
        return response

    # --- helpers ----------------------------------------------------------------------

    def _page(self, title: str, body: str, status: int = 200) -> web.Response:
        return web.Response(text=page(title, body, CSS), content_type="text/html", status=status)

    def _store(self) -> SessionStore:
        store = self.session().store
        assert store is not None  # the pages are served only for a session with devices
        return store

    def _role(self, team: str):
        """The role ``team`` plays, named as the team (a team the class named included)."""
        session = self.session()
        return team_role(session.content, session.settings, team, self.lang)

    def _name(self, team: str) -> str:
        role = self._role(team)
        return text(role.name, self.lang) if role else esc(team)

    def _team_of(self, request: web.Request) -> tuple[str | None, str | None]:
        token = request.cookies.get(COOKIE)
        return self._store().seat(token), token

    # --- the live status ------------------------------------------------------------

    @staticmethod
    def _live(url: str, key: str, fragment: str) -> str:
        """The status part of a page, kept up to date by :data:`LIVE_JS` (LIVE_SECONDS is
        read as the page is drawn: a test may have it ask more often)."""
        return (f'<div id="live" data-live="{esc(url)}" data-key="{esc(key)}" '
                f'data-every="{int(LIVE_SECONDS * 1000)}">{fragment}</div>'
                '<script src="/live.js" defer></script>')

    @staticmethod
    def _fragment(body: str) -> web.Response:
        return web.Response(text=body, content_type="text/html")

    async def live_js(self, request: web.Request) -> web.Response:
        return web.Response(text=LIVE_JS, content_type="text/javascript")

    @staticmethod
    def _stale(what: str, href: str, link: str) -> str:
        """The live part's word that the page's forms no longer fit, with a link to a fresh one."""
        return f'<p class="note big" id="stale">{esc(what)} <a href="{esc(href)}">{esc(link)}</a></p>'

    def _seat_key(self, session, team: str) -> str:
        """What a seat's forms were drawn for: the card, the ballot open or closed, the team's vote."""
        # "|" apart: a card's id may hold dots.
        return f"{session.state.turn}|{session.state.card}|{int(session.card is None)}|{int(session.revealed)}|" \
               f"{session.picks.get(team)}"

    async def seat_status(self, request: web.Request) -> web.Response:
        """The seat's live part: nothing while its page is current, else what changed and a link."""
        team, _token = self._team_of(request)
        if team is None:
            raise web.HTTPForbidden()
        return self._fragment(self._seat_notice(self.session(), team, request.query.get("key", "")))

    def _seat_notice(self, session, team: str, key: str) -> str:
        now = self._seat_key(session, team)
        if key == now:
            return ""
        turn, card = key.split("|")[:2] if key.count("|") == 4 else ("", "")
        if session.card is None:
            return self._stale(_("The session has ended"), "/seat", _("refresh"))
        if (turn, card) != (str(session.state.turn), session.state.card):
            return self._stale(_("A new card is on the table."), "/seat", _("See the new card"))
        if session.revealed:
            return self._stale(_("Voting on this card is closed."), "/seat", _("refresh"))
        return self._stale(_("Your team's vote has changed."), "/seat", _("refresh"))

    # --- pages ------------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.Response:
        if self._team_of(request)[0]:
            raise web.HTTPSeeOther("/seat")
        session = self.session()
        options = "".join(f'<option value="{esc(r)}">{self._name(r)}</option>'
                          for r in session.settings.teams + session.settings.envoys)
        body = (f"<h1>{esc(_('Join the session'))}</h1>"
                '<form method="post" action="/join">'
                f"<p><label>{esc(_('Join code (on the projector)'))}"
                '<br><input type="text" name="code" id="code" '
                'autocomplete="off" autocapitalize="characters" maxlength="12" required></label></p>'
                f"<p><label>{esc(_('Your team'))}"
                f'<br><select name="team" id="team">{options}</select></label></p>'
                f'<input type="submit" id="join" value="{esc(_("Join"))}"></form>')
        return self._page(_("Join the session"), body)

    async def join(self, request: web.Request) -> web.Response:
        form = await request.post()
        token = self._store().join(str(form.get("code", "")), str(form.get("team", "")), time.time())
        if token is None:
            return self._page(_("Not joined"), f"<h1>{esc(_('Not joined'))}</h1><p>"
                              f"{esc(_('That code or team is not right.'))} "
                              f'<a href="/">{esc(_("Try again"))}</a>.</p>', status=403)
        response = web.HTTPSeeOther("/seat")
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", max_age=6 * 3600)
        raise response

    async def seat(self, request: web.Request) -> web.Response:
        team, _token = self._team_of(request)
        if team is None:
            raise web.HTTPSeeOther("/")
        session, lang = self.session(), self.lang
        role = self._role(team)
        parts = [f'<p class="muted">{esc(_("You are"))} <b id="me">{self._name(team)}</b> · '
                 f'<a href="/seat">{esc(_("refresh"))}</a></p>',
                 self._live("/seat/status", self._seat_key(session, team), "")]
        card = session.card
        if card is None:
            parts.append(f"<h1>{esc(_('The session has ended'))}</h1>"
                         f"<p>{esc(_('Your teacher will lead the debrief.'))}</p>")
        else:
            parts.append(f'<h1 id="card-title">{text(card.title, lang)}</h1>{paragraphs(card.text, lang)}')
            if team in session.settings.teams:
                parts.append(self._ballot(session, team))
            else:
                parts.append(self._lobby(session, team))
        if role is not None:
            parts.append(f"<h2>{esc(_('Your brief'))}</h2>{paragraphs(role.brief, lang)}")
            if role.goals:
                goals = "".join(f"<li>{text(g.text, lang)}</li>" for g in role.goals)
                parts.append(f"<h2>{esc(_('Your private goals'))}</h2><ul>{goals}</ul>")
        return self._page(_("Multi-Vector: your seat"), "".join(parts))

    def _ballot(self, session, team: str) -> str:
        card, mine = session.card, session.picks.get(team)
        if session.revealed and session.store is not None:
            shown = _("answer {number}").format(number=mine + 1) if mine is not None else _("no vote")
            closed = _("Voting on this card is closed ({vote}).").format(vote=shown)
            return f'<p class="big" id="closed">{esc(closed)}</p>'
        rows = "".join(
            f'<label class="choice"><input type="radio" name="choice" value="{i}" id="choice-{i + 1}"'
            f'{" checked" if mine == i else ""} required> <b>{i + 1}.</b> {text(c.label, self.lang)}</label>'
            for i, c in enumerate(card.choices))
        status = (f'<p class="note" id="voted">' + esc(_(
            "Your team's vote: answer {number}. You may change it until the teacher reveals the tally.").format(
            number=mine + 1)) + "</p>") if mine is not None else ""
        heading = esc(_("Your team's vote (secret until the reveal)"))
        return (f"<h2>{heading}</h2>{status}"
                f'<form method="post" action="/vote"><input type="hidden" name="turn" value="{session.state.turn}">'
                f'<input type="hidden" name="card" value="{esc(session.state.card)}">{rows}'
                f'<input type="submit" id="cast" value="{esc(_("Vote"))}"></form>')

    def _lobby(self, session, team: str) -> str:
        options = "".join(f'<option value="{esc(t)}">{self._name(t)}</option>' for t in session.settings.teams)
        return (f"<h2>{esc(_('Lobby a team'))}</h2><p>{esc(_('One line; the teacher may read it to the class.'))}</p>"
                '<form method="post" action="/message">'
                f'<p><select name="to" id="to">{options}</select></p>'
                '<p><input type="text" name="text" id="text" maxlength="200" required></p>'
                f'<input type="submit" id="send" value="{esc(_("Send"))}"></form>')

    async def vote(self, request: web.Request) -> web.Response:
        team, token = self._team_of(request)
        session = self.session()
        if team is None or team not in session.settings.teams:
            raise web.HTTPSeeOther("/")
        form = await request.post()
        if session.card is None or str(form.get("card")) != session.state.card \
                or str(form.get("turn")) != str(session.state.turn):
            return self._page(_("Too late"), f"<p>{esc(_('The card has changed.'))} "
                              f'<a href="/seat">{esc(_("See the new card"))}</a>.</p>',
                              status=409)
        if session.revealed:
            return self._page(_("Closed"), f"<p>{esc(_('Voting on this card is closed.'))} "
                              f'<a href="/seat">{esc(_("Back"))}</a>.</p>',
                              status=409)
        try:
            choice = int(str(form.get("choice", "")))
            session.pick(team, choice, seat=token)
        except (ValueError, KeyError, RuleError) as error:  # a bad form is a 400, never a trace
            return self._page(_("Not counted"), "<p>" + esc(_("That vote was not counted ({reason}).").format(
                reason=type(error).__name__)) + f' <a href="/seat">{esc(_("Back"))}</a>.</p>', status=400)
        self.on_change()
        raise web.HTTPSeeOther("/seat")

    async def message(self, request: web.Request) -> web.Response:
        team, _token = self._team_of(request)
        if team is None:
            raise web.HTTPSeeOther("/")
        form = await request.post()
        session = self.session()
        if not self._store().send(session.state.turn, team, str(form.get("to", "")), str(form.get("text", "")),
                                  time.time()):
            return self._page(_("Not sent"), f"<p>{esc(_('That message was not sent.'))} "
                              f'<a href="/seat">{esc(_("Back"))}</a>.</p>',
                              status=400)
        self.on_change()
        return self._page(_("Sent"), f'<p id="sent">{esc(_("Sent."))} <a href="/seat">{esc(_("Back"))}</a>.</p>')

    async def projector(self, request: web.Request) -> web.Response:
        """A page a second screen can show: who has voted and, once revealed, the tally
        (kept up to date by the live script: a second screen has no one to press refresh)."""
        return self._page(_("Tally"), self._live("/projector/status", "", self._tally()))

    async def projector_status(self, request: web.Request) -> web.Response:
        return self._fragment(self._tally())

    def _tally(self) -> str:
        session = self.session()
        rows = []
        for team in session.settings.teams:
            pick = session.picks.get(team)
            shown = "–" if pick is None else (str(pick + 1) if session.revealed else _("voted"))
            rows.append(f"<tr><td>{self._name(team)}</td><td class=\"num\">{esc(shown)}</td></tr>")
        title = text(session.card.title, self.lang) if session.card else esc(_("The session has ended"))
        return (f"<h1>{title}</h1><table id=\"tally\"><tr><th>{esc(_('Team'))}</th>"
                f"<th>{esc(pgettext('column', 'Vote'))}</th></tr>{''.join(rows)}</table>")


    def _check_teacher(self, request: web.Request) -> None:
        if not secrets.compare_digest(request.match_info.get("token", "").encode(), self.teacher_token.encode()):
            raise web.HTTPNotFound()  # the same answer as for any page that does not exist

    async def teacher_action(self, request: web.Request) -> web.Response:
        """A button of the teacher's page: run as its key on the projector. A page left
        open on an earlier card (or posted twice) changes nothing: its ``at`` no longer
        matches the session's."""
        self._check_teacher(request)
        form = await request.post()
        fields = {key: str(form.get(key, "")) for key in ("action", "at", "choice", "rationale")}
        if fields["action"].startswith("override-"):  # a button per answer: "override-1" is answer 2
            fields["action"], fields["choice"] = "override", fields["action"][len("override-"):]
        if self.desk is None or fields["action"] not in ACTIONS:
            self.notice = _("That control is not available here.")
        elif fields["at"] != self._at():
            self.notice = _("The projector had moved on: nothing was done. Here is the session as it is now.")
        else:
            self.notice = await self.desk.act(fields["action"], fields)
        raise web.HTTPSeeOther(f"/teacher/{self.teacher_token}")

    def _at(self) -> str:
        """Where the session stands (decisions taken, the turn, the card on the table):
        each control form carries it, so that a stale page cannot act."""
        session = self.session()
        return f"{len(session.state.decisions)}.{session.state.turn}.{session.state.card}.{int(session.over)}"

    def _button(self, action: str, label: str, *, extra: str = "", ident: str = "") -> str:
        return (f'<form method="post" action="/teacher/{esc(self.teacher_token)}/do" class="inline">'
                f'<input type="hidden" name="action" value="{esc(action)}">'
                f'<input type="hidden" name="at" value="{esc(self._at())}">{extra}'
                f'<button type="submit" id="do-{esc(ident or action)}">{esc(label)}</button></form>')

    def _votes(self, session: ClassSession) -> str:
        votes = "".join(f"<tr><td>{self._name(team)}</td><td>{'–' if pick is None else pick + 1}</td></tr>"
                        for team, pick in session.picks.items())
        secret = "" if session.revealed else f" <span class='muted'>{esc(_('(secret: not yet on the projector)'))}</span>"
        return (f"<h2>{esc(_('The votes'))}{secret}</h2><table id='votes'><tr><th>{esc(_('Team'))}</th>"
                f"<th>{esc(_('Pick'))}</th></tr>{votes}</table>")

    def _phase(self) -> str:
        return self.desk.phase() if self.desk is not None else "card"

    def _key(self, session: ClassSession) -> str:
        """What the page's forms and forecasts were drawn for: where the session stands, what
        the projector shows, the ballot, the clock's state (its button's label), whether
        a vote stands (the decide button) and whether the history is shown (its button). The votes and the clock's figures are not in it:
        the live part shows them as they change."""
        timer = session.timer
        proposal, _method = session.proposed()
        return (f"{self._at()}.{self._phase()}.{int(session.revealed)}.{int(timer.running)}{int(timer.started)}"
                f"{int(timer.started and timer.expired)}.{int(proposal is not None)}.{int(session.settings.history)}")

    def _teacher_live(self, session: ClassSession, key: str | None = None) -> str:
        """The teacher's page's status: the last decision, the card, what the projector
        shows, the clock and the votes; with ``key`` (the moment the page was drawn for),
        a note when its buttons and forecasts no longer fit."""
        lang, phase, card = self.lang, self._phase(), session.card
        parts = []
        if key is not None and key != self._key(session):
            parts.append(self._stale(_("The session has moved on: the buttons and forecasts below are out of "
                                       "date."), f"/teacher/{self.teacher_token}", _("refresh")))
        last = session.state.decisions[-1] if session.state.decisions else None
        if last is not None:
            decided = session.rules.cards.get(last.card)
            parts.append('<p id="last">' + esc(_("Last decision: answer {number} on “{card}”.").format(
                number=last.choice + 1, card=" ".join(tr(decided.title, lang).split()) if decided else last.card))
                + "</p>")
        if phase == "outcome":  # the last decision's too, before the session's end is shown
            parts.append(f'<p class="big" id="phase">{esc(_("The class is reading the outcome."))}</p>')
            parts.append(self._decided_history(session))
            return "".join(parts)
        if card is None:
            parts.append(f"<h1>{esc(_('The session has ended'))}</h1>")
            return "".join(parts)
        parts.append(f'<h1 id="card-title">{text(card.title, lang)}</h1>')
        if phase == "too-small":
            parts.append(f'<p class="big" id="phase">{esc(_("The projector’s window is too small: enlarge it there, then carry on here."))}</p>')
        elif phase == "busy":
            parts.append(f'<p id="phase">{esc(_("A dialog is open on the projector: finish it on its keyboard."))}</p>')
        timer, minutes = session.timer, session.settings.minutes
        if minutes > 0:
            state = (_("time is up") if timer.started and timer.expired else _("running") if timer.running
                     else _("paused") if timer.started else _("not started"))
            parts.append(f'<p class="big" id="clock">{esc(timer.text())} · {esc(state)}</p>')
        if phase == "time-up":
            parts.append(f'<p class="big" id="phase">{esc(_("TIME IS UP"))}</p>')
        proposal, _method = session.proposed()
        parts.append(f'<p id="standing">{esc(_("The vote stands at answer {answer}.").format(answer=proposal + 1))}</p>'
                     if proposal is not None else
                     f'<p id="standing">{esc(_("No decision yet: the teams are tied or have not voted."))}</p>')
        parts.append(self._votes(session))
        return "".join(parts)

    def _history(self, card, ident: str = "history") -> str:
        """A card's note, source and debrief question ("" for a card with none of them)."""
        lang, history = self.lang, card.history
        if not any(tr(part, lang).strip() for part in (history.note, history.source, history.question)):
            return ""
        return (f'<h2>{esc(_("What really happened"))}</h2><div class="note" id="{esc(ident)}">'
                + (f"<p>{text(history.note, lang)}</p>" if tr(history.note, lang).strip() else "")
                + (f"<p>{esc(_('Source:'))} {source(history.source, lang)}</p>"
                   if tr(history.source, lang).strip() else "")
                + (f"<p><b>{esc(_('Debrief question.'))}</b> {text(history.question, lang)}</p>"
                   if tr(history.question, lang).strip() else "") + "</div>")

    def _decided_history(self, session: ClassSession) -> str:
        """While the class reads the outcome: the history of the card just decided, and
        whether the projector shows it too (the teacher's switch, h)."""
        last = session.state.decisions[-1] if session.state.decisions else None
        decided = session.rules.cards.get(last.card) if last is not None else None
        told = self._history(decided, "decided-history") if decided is not None else ""
        if not told:
            return ""
        shown = (_("The projector shows it too, with the question for discussion.") if session.settings.history
                 else _("The projector does not show it: history is kept for the debrief (h shows it)."))
        return told + f'<p class="muted" id="history-shown">{esc(shown)}</p>'

    async def teacher_status(self, request: web.Request) -> web.Response:
        """The live part of the teacher's page, behind the page's own secret."""
        self._check_teacher(request)
        return self._fragment(self._teacher_live(self.session(), request.query.get("key", "")))

    def _controls(self, session: ClassSession) -> str:
        """The projector's controls, for the teacher's phone or laptop (the clock, the phase
        and the votes are in the live part above them)."""
        desk = self.desk
        if desk is None:
            return ""
        phase = desk.phase()
        parts = [f'<h2>{esc(_("Run the session"))}</h2>']
        if self.notice:
            parts.append(f'<p class="note" id="notice">{esc(self.notice)}</p>')
            self.notice = ""
        if phase == "ended":
            if session.state.decisions and not session.ended_early:
                parts.append(self._button("undo", _("Undo the last decision")))
            return "".join(parts)
        if phase in ("busy", "too-small"):
            return "".join(parts)
        # Which way, not a toggle: a page a moment out of date cannot flip it back.
        history = (self._button("hide-history", _("Hide what really happened on the projector"))
                   if session.settings.history else
                   self._button("show-history", _("Show what really happened on the projector")))
        if phase == "outcome":
            parts.append(self._button("next", _("Next card")) + history)
            return "".join(parts)
        timer, minutes = session.timer, session.settings.minutes
        if phase != "time-up" and minutes > 0:
            label = _("Pause the clock") if timer.running else _("Continue the clock") if timer.started \
                else _("Start the clock")
            parts.append(self._button("clock", label))
        if minutes > 0:
            parts.append(self._button("extend", _("One more minute")))
        if not session.revealed and phase != "time-up":
            parts.append(self._button("reveal", _("Reveal the votes")))
        proposal, method = session.proposed()
        standing = (_("Decide as the vote stands") if proposal is not None else
                    _("Decide: time is up, the answer that moves the meters least")
                    if timer.started and timer.expired else None)
        card = session.card
        # One form, one reason, one button per way to decide: the vote standing, or each answer.
        buttons = [f'<button type="submit" name="action" value="decide" id="do-decide">{esc(standing)}</button>'
                   ] if standing is not None else []
        buttons.append(f'<p class="muted">{esc(_("Or decide yourself (a decision against the vote is recorded as such)"))}'
                       "</p>")
        buttons.extend(
            f'<button type="submit" name="action" value="override-{i}" id="override-{i + 1}" class="choice">'
            f'{esc(_("Decide yourself: {number}").format(number=i + 1))}. {text(c.label, self.lang)}</button>'
            for i, c in enumerate(card.choices))
        parts.append(f'<form method="post" action="/teacher/{esc(self.teacher_token)}/do">'
                     f'<input type="hidden" name="at" value="{esc(self._at())}">'
                     f'<p><label>{esc(_("Why? One line for the record"))}<br>'
                     '<input type="text" name="rationale" id="rationale" maxlength="300"></label></p>'
                     + "".join(buttons) + "</form>")
        if session.state.decisions and phase != "time-up":
            parts.append(self._button("undo", _("Undo the last decision")))
        if phase != "time-up":
            parts.append(history)
        return "".join(parts)

    async def teacher(self, request: web.Request) -> web.Response:
        """The facilitator's private view: what the class must not see on the projector."""
        self._check_teacher(request)
        session, lang = self.session(), self.lang
        card = session.card
        warning = esc(_("Facilitator's view: keep this page off the projector."))
        parts = [f'<p class="muted">{warning} '
                 f'<a href="">{esc(_("refresh"))}</a></p>',
                 self._live(f"/teacher/{self.teacher_token}/status", self._key(session), self._teacher_live(session)),
                 self._controls(session)]
        if card is None or self._phase() == "outcome":
            return self._page(_("Facilitator"), "".join(parts))
        rows = []
        for told in forecasts(session.rules, session.state):
            ends = ""
            if told.ending is not None:
                ending = session.rules.endings.get(told.ending)
                ends = f"<br><b>{esc(_('Ends the game:'))} {text(ending.title, lang) if ending else esc(told.ending)}</b>"
            rows.append(f'<tr id="forecast-{told.choice + 1}"><td>{told.choice + 1}. '
                        f"{text(card.choices[told.choice].label, lang)}</td>"
                        f"<td>{esc(moves_words(session.rules, told.changes, lang))}{ends}</td></tr>")
        parts.append(f"<h2>{esc(_('What each answer would move'))}</h2><p class='muted'>"
                     + esc(_("Exactly what choosing it moves this quarter: rivalry, lingering effects and "
                             "situations included.")) + "</p>"
                     f"<table><tr><th>{esc(_('Answer'))}</th><th>{esc(_('Moves'))}</th></tr>{''.join(rows)}</table>")
        parts.append(self._history(card))
        fitting = [c for c in session.rules.cards.values()
                   if c.id != session.state.card and session.inject_problem(c.id) is None]
        items = "".join(f"<li><code>{esc(c.id)}</code> {text(c.title, lang)}</li>" for c in fitting)
        parts.append(f"<h2>{esc(_('Cards you could inject now'))}</h2><p class='muted'>"
                     + esc(ngettext("Press i on the projector's keyboard and type the id. {count} fits this point "
                                    "of the game.", "Press i on the projector's keyboard and type the id. {count} "
                                    "fit this point of the game.", len(fitting)).format(count=len(fitting)))
                     + f"</p><ul id='injects'>{items}</ul>")
        return self._page(_("Facilitator"), "".join(parts))


async def start(web_app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve ``web_app`` in the running event loop; ``(runner, port)`` (port 0: any free one)."""
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, bound

