using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MysteryShopper.IntegrationTests;

/// <summary>Reads the pixels of the 8-bit RGB or RGBA PNGs Chromium writes, to count pixels of a colour.</summary>
public static class Png
{
    public static int Count(byte[] png, byte red, byte green, byte blue)
    {
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
        var (depth, colour, interlaced) = (png[24], png[25], png[28]);
        Assert.That((depth, colour is 2 or 6, interlaced), Is.EqualTo(((byte)8, true, (byte)0)), "an 8-bit, non-interlaced RGB(A) PNG");
        var channels = colour == 6 ? 4 : 3;

        using var data = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at, 4));
            if (Encoding.ASCII.GetString(png, at + 4, 4) == "IDAT")
            {
                data.Write(png, at + 8, length);
            }

            at += 12 + length;
        }

        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var bytes = inflated.ToArray();
        var stride = width * channels;
        var previous = new byte[stride];
        var row = new byte[stride];
        var count = 0;
        for (var y = 0; y < height; y++)
        {
            var start = y * (stride + 1);
            var filter = bytes[start];
            for (var x = 0; x < stride; x++)
            {
                var raw = bytes[start + 1 + x];
                var left = x >= channels ? row[x - channels] : 0;
                var up = previous[x];
                var upLeft = x >= channels ? previous[x - channels] : 0;
                row[x] = (byte)(filter switch
                {
                    1 => raw + left,
                    2 => raw + up,
                    3 => raw + ((left + up) / 2),
                    4 => raw + Paeth(left, up, upLeft),
                    _ => raw,
                });
            }

            for (var x = 0; x < stride; x += channels)
            {
                if (row[x] == red && row[x + 1] == green && row[x + 2] == blue)
                {
                    count++;
                }
            }

            (previous, row) = (row, previous);
        }

        return count;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var (toLeft, toUp, toUpLeft) = (Math.Abs(estimate - left), Math.Abs(estimate - up), Math.Abs(estimate - upLeft));
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }
}
