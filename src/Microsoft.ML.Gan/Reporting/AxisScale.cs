using System;
using System.Collections.Generic;
using System.Globalization;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// One axis of a plot: its range, a "nice" tick step (1, 2 or 5 times a power of ten) and the tick
    /// values to label. Both ends of the range are always labelled.
    /// </summary>
    internal sealed class AxisScale
    {
        private readonly int _decimals;

        private AxisScale(double min, double max, double step)
        {
            Min = min;
            Max = max;
            Step = step;
            _decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step) + 1e-9), 0, 6);
            Ticks = MakeTicks();
        }

        public double Min { get; }

        public double Max { get; }

        public double Step { get; }

        /// <summary>The values to mark and label: the multiples of <see cref="Step"/> in range and both ends.</summary>
        public IReadOnlyList<double> Ticks { get; }

        /// <summary>A range covering [<paramref name="lo"/>, <paramref name="hi"/>], widened to multiples of a nice step.</summary>
        public static AxisScale Nice(double lo, double hi, int targetTicks)
        {
            (lo, hi) = Widen(lo, hi);
            double step = NiceStep(hi - lo, targetTicks);
            return new AxisScale(Math.Floor(lo / step + 1e-9) * step, Math.Ceiling(hi / step - 1e-9) * step, step);
        }

        /// <summary>Exactly [<paramref name="lo"/>, <paramref name="hi"/>]; with <paramref name="integers"/> the step is a whole number.</summary>
        public static AxisScale Fixed(double lo, double hi, int targetTicks, bool integers = false)
        {
            (lo, hi) = Widen(lo, hi);
            double step = NiceStep(hi - lo, targetTicks);
            return new AxisScale(lo, hi, integers ? Math.Max(1, Math.Round(step)) : step);
        }

        /// <summary>
        /// Two ranges with the same span, each covering its interval and starting and ending on multiples
        /// of a shared nice step: equal aspect for a scatter plot.
        /// </summary>
        public static (AxisScale X, AxisScale Y) Square(double xLo, double xHi, double yLo, double yHi, int targetTicks)
        {
            double span = Math.Max(xHi - xLo, yHi - yLo);
            double step = NiceStep(span, targetTicks);
            double x0 = Math.Floor(xLo / step + 1e-9) * step, y0 = Math.Floor(yLo / step + 1e-9) * step;
            double count = Math.Max(Math.Ceiling((xHi - x0) / step - 1e-9), Math.Ceiling((yHi - y0) / step - 1e-9));
            count = Math.Max(count, 1);
            return (new AxisScale(x0, x0 + count * step, step), new AxisScale(y0, y0 + count * step, step));
        }

        /// <summary>Where <paramref name="value"/> falls in the range: 0 at <see cref="Min"/>, 1 at <see cref="Max"/>.</summary>
        public double Fraction(double value) => (value - Min) / (Max - Min);

        public string Label(double value)
        {
            if (Math.Abs(value) < Step * 1e-9)
                value = 0;
            bool onStep = Math.Abs(Math.Round(value / Step) * Step - value) <= Step * 1e-6;
            string format = onStep ? "F" + _decimals : "0." + new string('#', _decimals + 3);
            return value.ToString(format, CultureInfo.InvariantCulture);
        }

        private static (double Lo, double Hi) Widen(double lo, double hi)
        {
            if (hi > lo)
                return (lo, hi);
            double pad = lo == 0 ? 1 : Math.Abs(lo) * 0.1;
            return (lo - pad, hi + pad);
        }

        private static double NiceStep(double span, int targetTicks)
        {
            double raw = span / Math.Max(1, targetTicks);
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double norm = raw / magnitude;
            double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
            return nice * magnitude;
        }

        private List<double> MakeTicks()
        {
            var ticks = new List<double> { Min };
            for (double k = Math.Ceiling(Min / Step - 1e-9); k * Step <= Max + Step * 1e-9; k++)
            {
                double v = k * Step;
                // Interior ticks too close to an end would crowd its label.
                if (v - Min >= Step * 0.5 && Max - v >= Step * 0.5)
                    ticks.Add(v);
            }
            ticks.Add(Max);
            return ticks;
        }
    }
}
