"""A password validator for what Django's English list misses: the public demo password and passwords common in
Vietnam, which are a common word or name with digits, a year or a symbol around it (`matkhau123`, `Abc@12345`,
`123456a@`, `Hanoi@2025`, `NguyenAnh1990`, `BinhDang@2026`)."""

from django.core.exceptions import ValidationError

from plans.text import loose_key

# The demo's password (README; indicators/management/commands/load_demo.py): public, so never a real one.
DEMO_PASSWORDS = frozenset({"binhdang@2025"})

# Words and names, written without diacritics and in lower case, that a password may not be made of (one or two of
# them, plus digits and symbols).
COMMON_WORDS = frozenset(
    """
    matkhau mk pass passwd password admin administrator quantri root user test demo guest welcome login dangnhap
    qwerty qwertyuiop asdf asdfgh asdfghjkl zxcv zxcvbn abc abcd abcde abcdef abcxyz xyz
    iloveyou anhyeuem emyeuanh yeuem yeuanh yeu love xinchao chao hello
    vietnam hanoi saigon hochiminh hcm tphcm danang haiphong cantho
    binhdang binhdanggioi gioi baocao dieuphoi lanhdao ubnd uyban huyen tinh xa phuong congan
    bacyen sonla
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly
    anh minh linh huong trang thao hoa lan mai nam hung dung tuan long hai ha hien ngoc phuong quang thanh thuy van
    tet xuan
    """.split()
)
MAX_WORDS = 2
MAX_BARE_LETTERS = 3  # a password whose letters are this few is digits and symbols around a syllable


def _letters(password: str) -> str:
    """The password's letters, in lower case and without diacritics; the rest is digits and symbols."""
    return "".join(ch for ch in loose_key(password) if ch.isalpha())


def _made_of_common_words(letters: str, words_left: int = MAX_WORDS) -> bool:
    if not letters:
        return True
    if words_left == 0:
        return False
    return any(
        letters.startswith(word) and _made_of_common_words(letters[len(word) :], words_left - 1)
        for word in COMMON_WORDS
    )


def is_guessable(password: str) -> bool:
    if password.strip().casefold() in DEMO_PASSWORDS:
        return True
    letters = _letters(password)
    return len(letters) <= MAX_BARE_LETTERS or _made_of_common_words(letters)


class GuessablePasswordValidator:
    """Refuse the demo password and a common word, name or place with only digits or symbols around it."""

    def validate(self, password: str, user=None) -> None:
        if password.strip().casefold() in DEMO_PASSWORDS:
            raise ValidationError(
                "Đây là mật khẩu công khai của bản dùng thử; hãy chọn mật khẩu khác.", code="password_demo"
            )
        if is_guessable(password):
            raise ValidationError(
                "Mật khẩu này quá dễ đoán: chỉ là một từ thông dụng, tên người hay địa danh, hoặc vài chữ cái, kèm số, "
                "năm hay ký tự đặc biệt. Hãy chọn mật khẩu khác.",
                code="password_guessable",
            )

    def get_help_text(self) -> str:
        return (
            "Mật khẩu không được là từ thông dụng, tên người hay địa danh chỉ thêm số, năm hoặc ký tự "
            "(như “matkhau123”, “Abc@12345”, “Hanoi@2025”)."
        )
