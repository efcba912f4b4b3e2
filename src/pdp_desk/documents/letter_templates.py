"""The default texts of reply letters, in Russian and Kazakh: data, not code.

A template is a title and a body of plain text with `{placeholders}` (see PLACEHOLDERS). It is
never markup: whatever it holds, and whatever the values hold, prints as typed. A blank line
starts a new paragraph; a single line break stays a line break. `{{` and `}}` print a brace.
A paragraph that is exactly `{held_data}` is where the tables of an answer to an access request
go (if a template leaves it out, they follow the body).

The letterhead (operator, IIN/BIN, address), the reference line, the addressee and the
signature block are laid out by `documents.letters`; the templates hold only the words.
Operators edit these texts in settings (table `letter_template`, one row per kind and language).
"""
from __future__ import annotations

from dataclasses import dataclass

LETTER_LANGUAGES = ("ru", "kk")


@dataclass(frozen=True)
class Template:
    title: str
    body: str


# Kinds of letters, in the order the GUI offers them.
LETTER_KINDS = (
    "access_answer",
    "refusal",
    "correction_done",
    "blocking_done",
    "unblocking_done",
    "destruction_done",
    "withdrawal_done",
)

KIND_LABELS: dict[str, dict[str, str]] = {
    "access_answer": {"ru": "Ответ на запрос сведений", "kk": "Мәліметтер сұрауына жауап",
                      "en": "Answer to an access request"},
    "refusal": {"ru": "Мотивированный отказ", "kk": "Дәлелді бас тарту", "en": "Reasoned refusal"},
    "correction_done": {"ru": "Данные изменены", "kk": "Деректер өзгертілді", "en": "Data corrected"},
    "blocking_done": {"ru": "Данные заблокированы", "kk": "Деректер бұғатталды", "en": "Data blocked"},
    "unblocking_done": {"ru": "Данные разблокированы", "kk": "Деректер бұғаттан шығарылды",
                        "en": "Data unblocked"},
    "destruction_done": {"ru": "Данные уничтожены", "kk": "Деректер жойылды", "en": "Data destroyed"},
    "withdrawal_done": {"ru": "Обработка прекращена (отзыв согласия)",
                        "kk": "Өңдеу тоқтатылды (келісімді кері қайтарып алу)",
                        "en": "Processing stopped (consent withdrawn)"},
}

# Every field a template may use: name -> what it holds (for the template editor's help).
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "salutation": {"ru": "Обращение: «Уважаемая Әлия Нұрланқызы!»",
                   "kk": "Қаратпа сөз: «Құрметті Әлия Нұрланқызы!»",
                   "en": "Salutation line"},
    "subject_name": {"ru": "ФИО субъекта", "kk": "Субъектінің аты-жөні", "en": "Subject's full name"},
    "request_number": {"ru": "Номер обращения", "kk": "Өтініш нөмірі", "en": "Request number"},
    "request_date": {"ru": "Дата получения обращения", "kk": "Өтініштің алынған күні",
                     "en": "Date the request was received"},
    "request_type": {"ru": "Вид обращения", "kk": "Өтініш түрі", "en": "Type of request"},
    "operator_name": {"ru": "Наименование оператора", "kk": "Оператордың атауы", "en": "Operator's name"},
    "operator_iin_bin": {"ru": "ИИН/БИН оператора", "kk": "Оператордың ЖСН/БСН", "en": "Operator's IIN/BIN"},
    "operator_address": {"ru": "Адрес оператора", "kk": "Оператордың мекенжайы", "en": "Operator's address"},
    "operator_contacts": {"ru": "Телефон и e-mail оператора", "kk": "Оператордың телефоны мен e-mail",
                          "en": "Operator's phone and e-mail"},
    "today": {"ru": "Дата письма", "kk": "Хаттың күні", "en": "Date of the letter"},
    "refusal_reason": {"ru": "Причина отказа", "kk": "Бас тарту себебі", "en": "Reason for the refusal"},
    "staff_name": {"ru": "ФИО подписывающего сотрудника", "kk": "Қол қоятын қызметкердің аты-жөні",
                   "en": "Signing staff member's name"},
    "staff_position": {"ru": "Должность подписывающего", "kk": "Қол қоятын қызметкердің лауазымы",
                       "en": "Signing staff member's position"},
    "held_data": {"ru": "Таблицы сведений (только в ответе на запрос сведений)",
                  "kk": "Мәліметтер кестелері (тек мәліметтер сұрауына жауапта)",
                  "en": "Tables of the data held (access answers)"},
}

# The field that must appear in a kind's body (a refusal without its reason is no refusal).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {"refusal": ("refusal_reason",)}

_LAW_RU = ("Законом Республики Казахстан от 21 мая 2013 года № 94-V "
           "«О персональных данных и их защите»")
_LAW_KK = ("«Дербес деректер және оларды қорғау туралы» Қазақстан Республикасының "
           "2013 жылғы 21 мамырдағы № 94-V Заңына")

DEFAULT_TEMPLATES: dict[tuple[str, str], Template] = {
    # --- answer to an information / access request -------------------------------------------
    ("access_answer", "ru"): Template(
        "Ответ на запрос сведений о персональных данных",
        "{salutation}\n\n"
        "Рассмотрев Ваше обращение от {request_date} № {request_number}, {operator_name} "
        f"в соответствии с {_LAW_RU} сообщает сведения о Ваших персональных данных, "
        "которые обрабатываются оператором, по состоянию на {today}.\n\n"
        "{held_data}\n\n"
        "Сведения предоставлены бесплатно.\n\n"
        "Вы вправе требовать изменения, дополнения, блокирования или уничтожения своих "
        "персональных данных, а также отозвать согласие на их обработку. Для этого направьте "
        "обращение по адресу: {operator_address}."),
    ("access_answer", "kk"): Template(
        "Дербес деректер туралы мәліметтер сұрауына жауап",
        "{salutation}\n\n"
        "Сіздің {request_date} күнгі № {request_number} өтінішіңізді қарап, {operator_name} "
        f"{_LAW_KK} сәйкес оператор өңдейтін дербес деректеріңіз туралы мәліметтерді "
        "{today} жағдай бойынша хабарлайды.\n\n"
        "{held_data}\n\n"
        "Мәліметтер тегін беріледі.\n\n"
        "Сіз дербес деректеріңізді өзгертуді, толықтыруды, бұғаттауды немесе жоюды талап етуге, "
        "сондай-ақ оларды өңдеуге берген келісіміңізді кері қайтарып алуға құқылысыз. Ол үшін "
        "мына мекенжайға өтініш жіберіңіз: {operator_address}."),

    # --- reasoned refusal ----------------------------------------------------------------------
    ("refusal", "ru"): Template(
        "Мотивированный отказ",
        "{salutation}\n\n"
        "Рассмотрев Ваше обращение от {request_date} № {request_number} "
        "(вид обращения: {request_type}), {operator_name} сообщает, что не может его "
        "удовлетворить по следующей причине:\n\n"
        "{refusal_reason}\n\n"
        "Если Вы не согласны с этим решением, Вы вправе обжаловать его в уполномоченном органе "
        "в сфере защиты персональных данных или в суде в порядке, установленном "
        "законодательством Республики Казахстан."),
    ("refusal", "kk"): Template(
        "Дәлелді бас тарту",
        "{salutation}\n\n"
        "Сіздің {request_date} күнгі № {request_number} өтінішіңізді "
        "(өтініш түрі: {request_type}) қарап, {operator_name} оны мынадай себеппен "
        "қанағаттандыра алмайтынын хабарлайды:\n\n"
        "{refusal_reason}\n\n"
        "Егер Сіз бұл шешіммен келіспесеңіз, оған дербес деректерді қорғау саласындағы "
        "уәкілетті органға немесе Қазақстан Республикасының заңнамасында белгіленген тәртіппен "
        "сотқа шағым жасай аласыз."),

    # --- correction ----------------------------------------------------------------------------
    ("correction_done", "ru"): Template(
        "Уведомление об изменении персональных данных",
        "{salutation}\n\n"
        "Сообщаем, что по Вашему обращению от {request_date} № {request_number} Ваши "
        "персональные данные изменены (дополнены) в соответствии с представленными "
        "документами.\n\n"
        "Если какие-либо сведения по-прежнему неточны, сообщите нам об этом, и мы их исправим."),
    ("correction_done", "kk"): Template(
        "Дербес деректердің өзгертілгені туралы хабарлама",
        "{salutation}\n\n"
        "Сіздің {request_date} күнгі № {request_number} өтінішіңіз бойынша дербес "
        "деректеріңіз ұсынылған құжаттарға сәйкес өзгертілгенін (толықтырылғанын) "
        "хабарлаймыз.\n\n"
        "Егер қандай да бір мәліметтер әлі де дәл болмаса, бізге хабарлаңыз, біз оларды "
        "түзетеміз."),

    # --- blocking ------------------------------------------------------------------------------
    ("blocking_done", "ru"): Template(
        "Уведомление о блокировании персональных данных",
        "{salutation}\n\n"
        "Сообщаем, что по Вашему обращению от {request_date} № {request_number} Ваши "
        "персональные данные заблокированы. Пока блокирование действует, данные не "
        "используются и не передаются, а только хранятся.\n\n"
        "По результатам проверки данные будут разблокированы или уничтожены, о чём мы Вам "
        "сообщим."),
    ("blocking_done", "kk"): Template(
        "Дербес деректердің бұғатталғаны туралы хабарлама",
        "{salutation}\n\n"
        "Сіздің {request_date} күнгі № {request_number} өтінішіңіз бойынша дербес "
        "деректеріңіз бұғатталғанын хабарлаймыз. Бұғаттау күшінде тұрған кезде деректер "
        "пайдаланылмайды және берілмейді, тек сақталады.\n\n"
        "Тексеру нәтижелері бойынша деректер бұғаттан шығарылады немесе жойылады, бұл туралы "
        "Сізге хабарлаймыз."),

    # --- unblocking ----------------------------------------------------------------------------
    ("unblocking_done", "ru"): Template(
        "Уведомление о разблокировании персональных данных",
        "{salutation}\n\n"
        "Сообщаем, что по Вашему обращению от {request_date} № {request_number} Ваши "
        "персональные данные разблокированы. Их обработка возобновлена в тех целях, на которые "
        "Вы дали согласие."),
    ("unblocking_done", "kk"): Template(
        "Дербес деректердің бұғаттан шығарылғаны туралы хабарлама",
        "{salutation}\n\n"
        "Сіздің {request_date} күнгі № {request_number} өтінішіңіз бойынша дербес "
        "деректеріңіз бұғаттан шығарылғанын хабарлаймыз. Оларды өңдеу Сіз келісім берген "
        "мақсаттарда қайта басталды."),

    # --- destruction ---------------------------------------------------------------------------
    ("destruction_done", "ru"): Template(
        "Уведомление об уничтожении персональных данных",
        "{salutation}\n\n"
        "Сообщаем, что по Вашему обращению от {request_date} № {request_number} Ваши "
        "персональные данные уничтожены. Уничтожение подтверждено актом об уничтожении "
        "персональных данных.\n\n"
        "Сведения, которые оператор обязан хранить по законодательству Республики Казахстан "
        "(например, учётные документы о заказах), хранятся без данных, позволяющих определить "
        "Вашу личность."),
    ("destruction_done", "kk"): Template(
        "Дербес деректердің жойылғаны туралы хабарлама",
        "{salutation}\n\n"
        "Сіздің {request_date} күнгі № {request_number} өтінішіңіз бойынша дербес "
        "деректеріңіз жойылғанын хабарлаймыз. Жою дербес деректерді жою туралы актімен "
        "расталды.\n\n"
        "Қазақстан Республикасының заңнамасы бойынша оператор сақтауға міндетті мәліметтер "
        "(мысалы, тапсырыстар туралы есепке алу құжаттары) Сіздің жеке басыңызды анықтауға "
        "мүмкіндік беретін деректерсіз сақталады."),

    # --- consent withdrawn ---------------------------------------------------------------------
    ("withdrawal_done", "ru"): Template(
        "Уведомление о прекращении обработки персональных данных",
        "{salutation}\n\n"
        "Сообщаем, что Ваше обращение от {request_date} № {request_number} об отзыве согласия "
        "на обработку персональных данных рассмотрено. Обработка Ваших персональных данных в "
        "целях, на которые было дано отозванное согласие, прекращена.\n\n"
        "Данные, которые больше не нужны для других целей и которые закон не обязывает хранить, "
        "будут уничтожены; уничтожение подтверждается актом."),
    ("withdrawal_done", "kk"): Template(
        "Дербес деректерді өңдеудің тоқтатылғаны туралы хабарлама",
        "{salutation}\n\n"
        "Дербес деректерді өңдеуге берілген келісімді кері қайтарып алу туралы Сіздің "
        "{request_date} күнгі № {request_number} өтінішіңіз қаралғанын хабарлаймыз. Кері "
        "қайтарып алынған келісім берілген мақсаттарда дербес деректеріңізді өңдеу "
        "тоқтатылды.\n\n"
        "Басқа мақсаттарға қажет емес және заң сақтауды міндеттемейтін деректер жойылады; жою "
        "актімен расталады."),
}


def default_template(kind: str, language: str) -> Template:
    try:
        return DEFAULT_TEMPLATES[(kind, language)]
    except KeyError:
        raise KeyError(f"no default letter template for {kind!r} in {language!r}") from None
