"""Tests of cop/members/: accounts, joining, applications, notifications, roles, sign-in."""
