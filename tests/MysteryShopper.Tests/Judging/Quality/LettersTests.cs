using System.Text;
using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class LettersTests
{
    private static Letter Read(string mime, string folder = "INBOX")
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(mime));
        return Letters.Read(stream, folder);
    }

    [Test]
    public void Read_FoldedHeaders_AreUnfoldedAndKeptInOrder()
    {
        var letter = Read("From: Emma Clarke <emma@brightwave.io>\r\nSubject: Re: Annual\r\n plan\r\nX-First: 1\r\nx-first: 2\r\n\r\nHi Sam\r\n", "Junk");

        Assert.That(letter.Subject, Is.EqualTo("Re: Annual plan"));
        Assert.That((letter.From, letter.FromName, letter.Folder), Is.EqualTo(("emma@brightwave.io", "Emma Clarke", "Junk")));
        Assert.That(letter.Header("X-FIRST"), Is.EqualTo(new[] { "1", "2" }));
        Assert.That(letter.Headers.Select(h => h.Name), Is.EqualTo(new[] { "From", "Subject", "X-First", "x-first" }));
    }

    [Test]
    public void Read_HtmlOnly_TextIsTheVisibleText()
    {
        var letter = Read("From: a@b.example\nSubject: s\nContent-Type: text/html; charset=utf-8\n\n<html><head><style>p { color: red }</style></head><body><p>Hi Sam,</p><p>Yes &amp; no</p></body></html>\n");

        Assert.That(letter.Text, Is.EqualTo("Hi Sam,\n\nYes & no"));
        Assert.That(letter.Html, Does.Contain("<style>"));
    }

    [Test]
    public void Read_QuotedPrintableLatin1_IsDecoded()
    {
        var letter = Read("From: a@b.example\nSubject: =?iso-8859-1?q?Caf=E9?=\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nPrix: =A39,50 =E0 Caf=E9\n");

        Assert.That((letter.Subject, letter.Text.Trim()), Is.EqualTo(("Café", "Prix: £9,50 à Café")));
    }

    [TestCase("")]
    [TestCase("just some words, no headers at all")]
    public void Read_NotAMailMessage_ThrowsFormatException(string content)
    {
        Assert.That(() => Read(content), Throws.InstanceOf<FormatException>().With.Message.StartsWith("Not a mail message"));
    }
}
