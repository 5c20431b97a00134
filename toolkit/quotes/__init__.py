"""Direct quotes and who said them.

Quotes are found with a small scanner rather than one regular expression, so
that it handles what news text really does:

* straight (``"``) and curly (``“ ”``) marks;
* **multi-paragraph quotes**: a paragraph that ends inside a quote and a next
  paragraph that opens with a quotation mark continue the same quote;
* **unclosed quotes** (a missing closing mark) end at the end of their
  paragraph instead of swallowing the rest of the article.

Speakers come from attribution cues next to the quote: "X said", "said X",
"X told reporters", "according to X", "X said in the letter", and "he/she
said", which resolves to the nearest named person introduced as a speaker
before the quote (else the nearest person mentioned before it).

Example:
    >>> [q.quote for q in find_quotes('“We will win,” he said.')]
    ['We will win,']
"""
from toolkit.quotes.finding import Quote, find_quotes
from toolkit.quotes.indirect import indirect_speech
from toolkit.quotes.lens import document_quotes, quotes, with_corrections

__all__ = ["Quote", "document_quotes", "find_quotes", "indirect_speech", "quotes", "with_corrections"]
