using MysteryShopper.Execution;

namespace MysteryShopper.Tests.Execution;

/// <summary>A receive time from a whole-second server stamp: the tightest bound the stamp and the bot's own look allow.</summary>
public class ReceivedEmailTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Test]
    public void Bound_SeenWithinTheStampsSecond_IsTheSeenTimeWithTheGapAsResolution()
    {
        var (receivedAt, resolution) = ReceivedEmail.Bound(Stamp, Second, Stamp.AddMilliseconds(400));

        Assert.That((receivedAt, resolution), Is.EqualTo((Stamp.AddMilliseconds(400), TimeSpan.FromMilliseconds(400))));
    }

    [Test]
    public void Bound_SeenLater_IsTheEndOfTheStampsSecondWithAWholeSecond()
    {
        var (receivedAt, resolution) = ReceivedEmail.Bound(Stamp, Second, Stamp.AddSeconds(7));

        Assert.That((receivedAt, resolution), Is.EqualTo((Stamp.AddSeconds(1), Second)));
    }

    [Test]
    public void Bound_StampAfterTheSeenTime_IsTheSeenTime()
    {
        var (receivedAt, resolution) = ReceivedEmail.Bound(Stamp, Second, Stamp.AddSeconds(-2));

        Assert.That((receivedAt, resolution), Is.EqualTo((Stamp.AddSeconds(-2), TimeSpan.Zero)));
    }

    [Test]
    public void Bound_AnyArrivalWithinTheStampsSecond_LiesInsideTheBound()
    {
        foreach (var arrivalMs in new[] { 0, 1, 300, 800, 999 })
        {
            var arrival = Stamp.AddMilliseconds(arrivalMs);
            foreach (var lookMs in new[] { 0, 5, 200, 1500 })
            {
                var (receivedAt, resolution) = ReceivedEmail.Bound(Stamp, Second, arrival.AddMilliseconds(lookMs));

                Assert.That(arrival, Is.InRange(receivedAt - resolution, receivedAt), $"arrived at +{arrivalMs} ms, seen {lookMs} ms later");
                Assert.That(resolution, Is.LessThanOrEqualTo(Second));
            }
        }
    }
}
