"""Conversation context carried by the client: every answer comes with a signed, expiring
token holding what a follow-up needs (the conversation's anchor question and its last few
answers, shortened), and the client sends it back with the follow-up. Any worker or replica
that knows the key (ASSISTANT_CONVERSATION_SECRET) can then answer it, with no shared store
and no sticky sessions; a worker that still holds the conversation in memory uses that."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import zlib
from collections.abc import Callable
from typing import Any

from ..answers.chat import Conversation
from ..answers.extractive import Answer, Answerer
from ..errors import NotFound, QueryError

TOKEN_FORMAT = 1
TURNS = 3  # answers carried (what chat's follow-up resolution and rewriting look at)
TURN_CHARS = 600  # of each answer's text


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _turn(answer: Answer) -> list[Any]:
    left = TURN_CHARS
    sentences = []
    for sentence, number in answer.sentences:
        if left <= 0:
            break
        sentences.append([sentence[:left], number])
        left -= len(sentence)
    return [answer.question, answer.query, sentences]


class ContextTokens:
    """Issues and checks conversation tokens: HMAC-SHA256 over the compressed context, valid
    for `ttl` seconds after the answer that issued it."""

    def __init__(self, secret: str | bytes, ttl: float, clock: Callable[[], float] = time.time):
        self.key = secret.encode() if isinstance(secret, str) else secret
        self.ttl = ttl
        self.clock = clock

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self.key, body.encode("ascii"), hashlib.sha256).digest()[:24])

    def issue(self, conversation_id: str, conversation: Conversation) -> str:
        payload = {
            "v": TOKEN_FORMAT,
            "id": conversation_id,
            "exp": int(self.clock() + self.ttl),
            "anchor": conversation.anchor,
            "turns": [_turn(a) for a in conversation.context[-TURNS:]],
        }
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        body = _b64(zlib.compress(raw, 6))
        return f"{body}.{self._sign(body)}"

    def read(self, token: str, conversation_id: str) -> dict[str, Any]:
        """The token's context; QueryError when it is not one this key signed for that
        conversation, NotFound when it has expired."""
        body, _, signature = token.partition(".")
        if not signature or not hmac.compare_digest(signature, self._sign(body)):
            raise QueryError(
                "the conversation context is not valid (altered, or signed with another "
                "key); start a new conversation by leaving conversation_id and context out."
            )
        try:
            payload = json.loads(zlib.decompress(_unb64(body), bufsize=16384))
        except (ValueError, zlib.error) as exc:  # signed but unreadable: another format
            raise QueryError("the conversation context cannot be read.") from exc
        if not isinstance(payload, dict) or payload.get("v") != TOKEN_FORMAT:
            raise QueryError("the conversation context is of another version.")
        if payload.get("id") != conversation_id:
            raise QueryError("the conversation context belongs to another conversation.")
        if self.clock() > float(payload.get("exp", 0)):
            raise NotFound(
                f"conversation {conversation_id!r} has expired (after {int(self.ttl)} s idle); "
                "start a new one by leaving conversation_id out."
            )
        return payload

    def restore(self, token: str, conversation_id: str, answerer: Answerer) -> Conversation:
        """The conversation as the token left it (its history holds the carried answers)."""
        payload = self.read(token, conversation_id)
        answers = [
            Answer(
                question=str(question),
                query=str(query),
                sentences=tuple((str(s), int(n)) for s, n in sentences),
                citations=(),
                refused=False,
                evidence=0.0,
                hits=(),
            )
            for question, query, sentences in payload.get("turns", [])
        ]
        anchor = payload.get("anchor")
        return Conversation(
            answerer,
            history=list(answers),
            anchor=str(anchor) if anchor is not None else None,
            context=answers,
        )
