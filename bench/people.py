"""Realistic personal data for generated cases: names (2- and 3-character), ID numbers with a
valid check character, mobile phones. Deterministic from the caller's random.Random."""
from __future__ import annotations

import datetime as dt
import random

from zhongxin_desktop.domain.idnumber import check_char
from zhongxin_desktop.domain.names import pinyin_keys

# The most common surnames, most frequent first (roughly the national ranking).
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅文斌林辉波宇鹏飞云凤亮海燕丹玲萍"
         "德成发荣光贵福春生金水山江林树清正兴旺才富忠诚仁义礼智信安康宁德厚永长学振家庆祥瑞雪晓晨")
TWO_CHAR_SHARE = 0.25  # single-character given names (张伟) are about a quarter of names
# Place codes of a few counties (unknown codes are accepted by the app anyway).
AREA_CODES = ("520102", "520103", "520111", "520112", "520113", "520115", "520121", "522701", "522722")
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                   "157", "158", "159", "166", "176", "177", "180", "181", "182", "183", "185", "186", "187",
                   "188", "189", "191", "198", "199")


class NamePool:
    """A fixed pool of distinct names with their pinyin keys, drawn with a skewed distribution
    so common names repeat the way they do in a real township."""

    def __init__(self, rng: random.Random, size: int):
        seen: dict[str, tuple[str, str]] = {}
        weights = [1.0 / (i + 8) for i in range(len(SURNAMES))]
        while len(seen) < size:
            surname = rng.choices(SURNAMES, weights)[0]
            given = rng.choice(GIVEN) if rng.random() < TWO_CHAR_SHARE else rng.choice(GIVEN) + rng.choice(GIVEN)
            name = surname + given
            if name not in seen:
                seen[name] = pinyin_keys(name)  # once per distinct name: pypinyin is slow
        self.names = list(seen)
        self.keys = seen
        # Zipf-like popularity: the n-th name is drawn with weight 1/(n+20).
        self._cum = []
        total = 0.0
        for i in range(len(self.names)):
            total += 1.0 / (i + 20)
            self._cum.append(total)

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self._cum)[0]


def id_number(rng: random.Random, today: dt.date) -> tuple[str, dt.date, str]:
    """A valid 18-character ID number of an adult; returns (number, birth date, sex)."""
    birth = today - dt.timedelta(days=rng.randint(18 * 365 + 5, 85 * 365))
    seq = rng.randint(0, 999)
    first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17), birth, "男" if seq % 2 else "女"


def mobile(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"


def uuid_text(rng: random.Random) -> str:
    """A random version-4 UUID in text form (the app's ids), from the seeded generator."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"
