using MysteryShopper.Execution;

namespace MysteryShopper.Tests.Execution;

/// <summary>Which fields MysteryShopper refuses to enter anything into, and what it names as the reason.</summary>
public class PaymentFieldsTests
{
    [TestCase("cc-number")]
    [TestCase("cc-csc")]
    [TestCase("cc-exp")]
    [TestCase("cc-exp-month")]
    [TestCase("billing cc-number")]
    [TestCase("CC-Name")]
    public void Why_CardAutocompleteToken_IsAPaymentField(string autocomplete)
    {
        Assert.That(PaymentFields.Why(new FieldFacts { Autocomplete = autocomplete }), Is.EqualTo($"autocomplete=\"{autocomplete}\""));
    }

    [TestCase("cardnumber")]
    [TestCase("card-number")]
    [TestCase("card_number")]
    [TestCase("cardNumber")]
    [TestCase("ccnumber")]
    [TestCase("cc-num")]
    [TestCase("credit_card")]
    [TestCase("cvc")]
    [TestCase("CVV2")]
    [TestCase("csc")]
    [TestCase("exp-date")]
    [TestCase("expiry_month")]
    [TestCase("payment[card][number]")]
    public void Why_UsualCardName_IsAPaymentField(string name)
    {
        Assert.That(PaymentFields.Why(new FieldFacts { Name = name }), Is.EqualTo($"name=\"{name}\""));
    }

    [TestCase("Card number")]
    [TestCase("Credit card no.")]
    [TestCase("CVC")]
    [TestCase("Card security code")]
    [TestCase("MM / YY")]
    public void Why_LabelAskingForCardDetails_IsAPaymentField(string label)
    {
        Assert.That(PaymentFields.Why(new FieldFacts { Labels = ["", label] }), Is.EqualTo($"label \"{label}\""));
    }

    [Test]
    public void Why_MarkedSeveralWays_NamesEachMark()
    {
        var why = PaymentFields.Why(new FieldFacts { Autocomplete = "cc-number", Name = "cardnumber", Id = "card-number", Labels = ["Card number"] });

        Assert.That(why, Is.EqualTo("autocomplete=\"cc-number\", name=\"cardnumber\", id=\"card-number\", label \"Card number\""));
    }

    [TestCase("", "email", "Email")]
    [TestCase("off", "voucher", "Voucher code")]
    [TestCase("one-time-code", "code", "Security code")]
    [TestCase("bday", "dob", "DD/MM/YYYY")]
    [TestCase("email", "cc", "CC")]
    [TestCase("", "discount", "Discount code")]
    [TestCase("tel", "phone", "Phone")]
    public void Why_OrdinaryField_IsNone(string autocomplete, string name, string label)
    {
        Assert.That(PaymentFields.Why(new FieldFacts { Autocomplete = autocomplete, Name = name, Id = name, Labels = [label] }), Is.Null);
    }
}
