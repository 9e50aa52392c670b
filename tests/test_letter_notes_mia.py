"""Letters and notes of a collected edition as the archive's pages give them (Lenin's notes in the Collected Works):
the addressee by a form of address, closing words and signature on one line, a closing formula before them, the
info block's date and places in correspDesc, a dual or bounded "Written:" date. Each convention by its shape, in
made-up texts (not a sample's wording)."""

from __future__ import annotations

from tests.conversion import NS, convert

INFO = (
    "V. I.   Lenin\n\n\n\n"
    "Written: {written}\n"
    "Published: First published in 1933. Sent from {sent}. Printed from the original.\n"
    "Source: Lenin Collected Works, Progress Publishers, 1976, Moscow, Volume 35, page 12.\n"
    "Translated: A. Translator\n\n"
)


def page(body: str, written: str = "Written on March 3, 1916", sent: str = "Berne to Geneva (Switzerland)") -> str:
    return INFO.format(written=written, sent=sent) + body


def texts(tree, path: str) -> list[str]:
    return ["".join(e.itertext()) for e in tree.xpath(path, namespaces=NS)]


def test_closing_words_and_signature_on_one_line_are_one_signed():
    """TEI's signed holds the signature with its closing salutation; the closing words are a seg of it."""
    _, tree = convert(page("Dear Comrade,\n\nThe parcel has come. Send the rest by Monday.\n\nYours truly, N. Lenin\n"))
    assert texts(tree, "//t:closer/t:signed") == ["Yours truly, N. Lenin"]
    assert texts(tree, "//t:closer/t:signed/t:seg[@type='salute']") == ["Yours truly,"]


def test_a_short_closing_formula_before_the_signature_joins_the_closer():
    _, tree = convert(page("Dear Friend,\n\nThe books have come and I thank you for them.\n\nWarm greetings!\n\nYours, Grigory\n"))
    assert texts(tree, "//t:closer/t:salute") == ["Warm greetings!"]
    assert texts(tree, "//t:closer/t:signed") == ["Yours, Grigory"]
    assert not tree.xpath("//t:body//t:p[contains(., 'greetings')]", namespaces=NS)


def test_a_sentence_after_closing_words_is_no_signature():
    text = page("Dear Friend,\n\nThe books have come and I thank you for them.\n\nYours, as ever.\n\nThat is not your old friend.\n")
    _, tree = convert(text)
    assert not tree.xpath("//t:signed[contains(., 'not your')]", namespaces=NS)


def test_a_form_of_address_without_punctuation_opens_the_note():
    _, tree = convert(page("Comrade Petrovsky\n\nThe bearer is a comrade from the Urals.\n\nPlease help him at once.\n"))
    assert texts(tree, "//t:opener/t:salute") == ["Comrade Petrovsky"]
    assert not tree.xpath("//t:body//t:p[. = 'Comrade Petrovsky']", namespaces=NS)


def test_a_two_line_form_of_address_opens_the_note():
    _, tree = convert(page("Comrade Ivanov (or any member\nof the Bureau)\n\nPlease receive the bearers.\n"))
    salute = tree.find(".//t:opener/t:salute", NS)
    assert salute is not None and "".join(salute.itertext()).startswith("Comrade Ivanov")


def test_the_info_block_gives_the_letter_its_date_and_places():
    _, tree = convert(page("Dear Comrade,\n\nI received your letter today.\n\nYours, N. Lenin\n"))
    sent = tree.find(".//t:correspDesc/t:correspAction[@type='sent']", NS)
    received = tree.find(".//t:correspDesc/t:correspAction[@type='received']", NS)
    assert sent.findtext("t:placeName", namespaces=NS) == "Berne"
    assert sent.find("t:date", NS).get("when") == "1916-03-03"
    assert received.findtext("t:placeName", namespaces=NS) == "Geneva"
    assert tree.find(".//t:titleStmt/t:author", NS).text == "V. I. Lenin"  # the source's run of spaces as one


def test_a_bounded_dual_written_date_gives_the_gregorian_bound():
    text = page("Dear Comrade,\n\nI received your letter.\n\nYours, N. Lenin\n", written="Written not earlier than November 8 (21), 1917")
    _, tree = convert(text)
    date = tree.find(".//t:profileDesc/t:creation/t:date", NS)
    assert date.get("notBefore") == "1917-11-21" and date.get("when") is None


def test_a_dual_written_date_gives_its_gregorian_value():
    _, tree = convert(page("Dear Comrade,\n\nI received your letter.\n\nYours, N. Lenin\n", written="Written April 21 (May 4), 1917"))
    assert tree.find(".//t:profileDesc/t:creation/t:date", NS).get("when") == "1917-05-04"


def test_the_places_stop_where_the_sentence_ends():
    text = page("Dear Comrade,\n\nI received your letter.\n\nYours, N. Lenin\n", sent="Paris to St. Petersburg. Printed from a copy")
    _, tree = convert(text)
    assert tree.findtext(".//t:correspAction[@type='sent']/t:placeName", namespaces=NS) == "Paris"
    assert tree.findtext(".//t:correspAction[@type='received']/t:placeName", namespaces=NS) == "St. Petersburg"


def test_a_long_postscript_without_its_mark_follows_an_announced_signature():
    """Closing words, then the initials ("Your" / "K. M."), then a paragraph: the signature, and a postscript."""
    text = "Dear Engels,\n\nThe proofs have come at last.\n\nYour\n\nK. M.\n\nWon't you come up to town for Christmas? I now have a small room for you and the old man need not know.\n"
    _, tree = convert(text)
    assert texts(tree, "//t:closer/t:signed") == ["K. M."]
    assert texts(tree, "//t:postscript/t:p")[0].startswith("Won't you come")


def test_the_salutation_on_the_first_line_of_the_first_paragraph_is_the_opener_s():
    text = "Nov. 11, 1906\n\nDearest Girl\nI have just passed the dreariest day I have had in a long time, and it rained all day long.\n\nWith love,\nFrank\n"
    _, tree = convert(text)
    assert texts(tree, "//t:opener/t:salute") == ["Dearest Girl"]
    assert texts(tree, "//t:body//t:p")[0].startswith("I have just passed")


def test_a_hard_wrapped_sentence_is_not_split_at_its_first_line():
    text = "Nov. 11, 1906\n\nMy dear friend, I write\nto tell you that the parcel has come at last and that the books in it are all there.\n\nWith love,\nFrank\n"
    _, tree = convert(text)
    assert not tree.xpath("//t:salute[starts-with(., 'My dear')]", namespaces=NS)


MIRROR = (
    "Letter to Karl Marx, June 3, 1862\n"
    "First published in Der Briefwechsel zwischen F. Engels und K. Marx, Bd. 3, Stuttgart, 1913\n"
    "Published in English for the first time in Marx-Engels Collected Works, Volume 41\n"
    "ENGELS TO MARX\n"
    "IN LONDON\n"
    "[Manchester, 3 June 1862]\n"
    "Dear Moor,\n"
    "The money has come and I send it on today, with the papers you asked for.[1] The rest must wait until the end of"
    " the month, when the old man pays out the quarter; until then you will have to put the butcher off as best you"
    " can, and I shall write to Dronke about the other matter.\n"
    "I hope the girls are well again and that your wife has got over the worst of it; give them all my love.\n"
    "Salut.\n"
    "Your\n"
    "F. E.\n"
    "- ↑ The Guardian of 2 June.\n"
)


def test_source_notes_under_the_title_are_front_matter_not_a_witness():
    """A mirror's page without blank lines (a paragraph a line): the source notes before the letter describe where it
    comes from."""
    _, tree = convert(MIRROR)
    assert not tree.xpath("//t:group", namespaces=NS)  # (no empty text closed by the first note)
    notes = texts(tree, "//t:front//t:bibl[@type='sourceNote']")
    assert notes[0].startswith("First published") and notes[1].startswith("Published in English")
    scopes = tree.xpath("//t:sourceDesc/t:bibl[@type='sourceNote']/t:biblScope/@from", namespaces=NS)
    assert scopes == ["3", "41"]
    assert not tree.xpath("//t:front//t:p[@xml:lang]", namespaces=NS)  # (a German title in a bibl: no passage)


def test_a_closing_formula_before_the_closing_words_is_no_signature():
    _, tree = convert(MIRROR)
    assert texts(tree, "//t:closer/t:salute") == ["Salut.", "Your"]
    assert texts(tree, "//t:closer/t:signed") == ["F. E."]
    assert texts(tree, "//t:body//t:note") == ["The Guardian of 2 June."]
