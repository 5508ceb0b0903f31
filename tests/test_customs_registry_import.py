"""`manage.py import_customs_registry`: loading licences and users into the local registry."""

import io

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command

from customs_registry.models import LegacyUser, RegistryLicence

pytestmark = pytest.mark.django_db

HEADER = "licence_number,licence_status,licence_expires_on,user_id,first_name,last_name,civil_id,password\n"
CLEAN_ROWS = (
    "KC-1001,active,2030-12-31,fahad.m,فهد,المطيري,285051500007,Legacy#1001\n"
    "KC-1001,active,2030-12-31,salem.k,Salem,Al-Kandari,278110300019,Legacy#1002\n"
    "KC-2001,suspended,,,,,,\n"
)


def write_csv(tmp_path, rows: str) -> str:
    path = tmp_path / "registry.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return str(path)


def run_import(path: str) -> tuple[str, str, CommandError | None]:
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("import_customs_registry", path, stdout=stdout, stderr=stderr)
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue(), error
    return stdout.getvalue(), stderr.getvalue(), None


def snapshot() -> list:
    licences = list(RegistryLicence.objects.values_list("number", "status", "expires_on"))
    users = list(LegacyUser.objects.values_list("user_id", "licence__number", "first_name", "civil_id", "password_hash"))
    return licences + users


def test_clean_file_imports_every_row(tmp_path):
    stdout, stderr, error = run_import(write_csv(tmp_path, CLEAN_ROWS))

    assert error is None
    assert stderr == ""
    assert "3 created" in stdout
    assert sorted(RegistryLicence.objects.values_list("number", flat=True)) == ["KC-1001", "KC-2001"]
    assert LegacyUser.objects.filter(licence__number="KC-1001").count() == 2


def test_passwords_stored_as_hashes(tmp_path):
    run_import(write_csv(tmp_path, CLEAN_ROWS))

    user = LegacyUser.objects.get(user_id="fahad.m")
    assert "Legacy#1001" not in user.password_hash
    assert check_password("Legacy#1001", user.password_hash)


def test_reimport_changes_nothing(tmp_path):
    path = write_csv(tmp_path, CLEAN_ROWS)
    run_import(path)
    before = snapshot()

    stdout, _, error = run_import(path)

    assert error is None
    assert snapshot() == before
    assert "0 created, 0 updated, 3 unchanged" in stdout


def test_reimport_applies_changes(tmp_path):
    run_import(write_csv(tmp_path, CLEAN_ROWS))

    stdout, _, _ = run_import(write_csv(tmp_path, CLEAN_ROWS.replace("Legacy#1002", "Changed#2026").replace("suspended", "revoked")))

    assert "2 updated" in stdout
    assert check_password("Changed#2026", LegacyUser.objects.get(user_id="salem.k").password_hash)
    assert RegistryLicence.objects.get(number="KC-2001").status == "revoked"


BAD_ROWS = (
    "KC-1001,active,2030-12-31,fahad.m,فهد,المطيري,285051500007,Legacy#1001\n"  # line 2
    "KC-1002,dormant,,noura.a,نورة,العنزي,292022000009,Legacy#2001\n"  # line 3
    "KC-1003,active,31/12/2030,x.y,Xavier,Young,280031200004,Legacy#3001\n"  # line 4
    "KC-1004,active,,bad.civil,Bad,Civil,123456789012,Legacy#4001\n"  # line 5
    "KC 1005!,active,,bad.number,Bad,Number,291070700005,Legacy#5001\n"  # line 6
    "KC-1006,active,,no.password,No,Password,284090900009,\n"  # line 7
    "KC-1001,active,2030-12-31,fahad.m,فهد,المطيري,285051500007,Secret#Twice\n"  # line 8
    "KC-1001,revoked,2030-12-31,other.m,Other,Person,278110300019,Legacy#7001\n"  # line 9
    "KC-1007,active,,digits9,Name9,Person,278110300019,Legacy#8001\n"  # line 10
)


def test_bad_rows_reported_with_line(tmp_path):
    _, stderr, error = run_import(write_csv(tmp_path, BAD_ROWS))

    lines = stderr.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"line {n}" for n in (3, 4, 5, 6, 7, 8, 9, 10)]
    assert "licence_status 'dormant'" in lines[0]
    assert "licence_expires_on '31/12/2030'" in lines[1]
    assert "civil_id is invalid" in lines[2]
    assert "licence_number" in lines[3]
    assert "password is missing" in lines[4]
    assert "repeats line 2" in lines[5]
    assert "different from line 2" in lines[6]
    assert "first_name is invalid" in lines[7]
    assert "8 rows were rejected" in str(error)


def test_bad_rows_skip_only_themselves(tmp_path):
    run_import(write_csv(tmp_path, BAD_ROWS))

    assert list(LegacyUser.objects.values_list("user_id", flat=True)) == ["fahad.m"]
    assert check_password("Legacy#1001", LegacyUser.objects.get().password_hash)


def test_rejections_never_echo_passwords(tmp_path):
    _, stderr, _ = run_import(write_csv(tmp_path, BAD_ROWS))

    assert "Legacy#" not in stderr
    assert "Secret#Twice" not in stderr


def test_missing_column_rejects_file(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text("licence_number,user_id\nKC-1001,fahad.m\n", encoding="utf-8")

    with pytest.raises(CommandError, match="lacks the columns"):
        call_command("import_customs_registry", str(path))
    assert RegistryLicence.objects.count() == 0


def test_missing_file_rejected(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_customs_registry", str(tmp_path / "absent.csv"))


def test_demo_data_loads_registry(demo_data):
    assert LegacyUser.objects.filter(licence__number="KC-1001").count() == 2
    assert RegistryLicence.objects.get(number="KC-2003").status == "revoked"
