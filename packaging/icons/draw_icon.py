"""Draws Backroom's icon (a parcel with a barcode on a blue tile) and writes it in the formats
each platform's package wants: backroom.png (Linux, the window), backroom.ico (Windows, many
sizes in one file) and backroom.icns (macOS). Run by `make package`; needs only Pillow.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 1024  # drawn large, scaled down for each size


def draw() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((40, 40, SIZE - 40, SIZE - 40), radius=200, fill=(28, 78, 128, 255))
    # The parcel: front face, right side and lid, as a box seen from a little above.
    front = [(220, 400), (640, 400), (640, 820), (220, 820)]
    side = [(640, 400), (800, 300), (800, 700), (640, 820)]
    lid = [(220, 400), (380, 300), (800, 300), (640, 400)]
    d.polygon(side, fill=(176, 128, 72, 255))
    d.polygon(front, fill=(222, 170, 104, 255))
    d.polygon(lid, fill=(238, 196, 136, 255))
    # Packing tape across the lid and down the front.
    d.polygon([(400, 400), (470, 400), (630, 300), (560, 300)], fill=(250, 234, 200, 255))
    d.rectangle((400, 400, 470, 520), fill=(250, 234, 200, 255))
    # A shipping label with a barcode on the front.
    d.rectangle((260, 560, 600, 780), fill=(255, 255, 255, 255))
    x = 290
    for width in (10, 6, 14, 6, 8, 16, 6, 10, 6, 14, 8, 6, 12, 6, 10, 14, 6, 8):
        d.rectangle((x, 590, x + width - 1, 750), fill=(20, 20, 20, 255))
        x += width + 8
    return img


def main() -> None:
    img = draw()
    img.resize((512, 512), Image.Resampling.LANCZOS).save(HERE / "backroom.png")
    img.save(HERE / "backroom.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    img.resize((512, 512), Image.Resampling.LANCZOS).save(HERE / "backroom.icns")
    print(f"Icons written to {HERE}")


if __name__ == "__main__":
    main()
