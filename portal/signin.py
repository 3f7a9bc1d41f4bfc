"""Sign-in for managers: password, or a one-time link by e-mail. Both throttled."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods

from feedback360 import throttle

from . import accounts

FAILURE_LIMIT = 5
FAILURE_WINDOW = 15 * 60
LINK_REQUESTS_PER_ADDRESS = 3  # per e-mail address and window
LINK_REQUESTS_PER_IP = 60  # a whole office behind one NAT asks after a release


class LinkRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Work e-mail address"), max_length=254)


class EmailSignInForm(AuthenticationForm):
    """Managers sign in with their e-mail address, which is their user name."""

    username = UsernameField(
        label=gettext_lazy("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self):
        return (self.cleaned_data.get("username") or "").strip().lower()


def throttled(request):
    return render(request, "throttled.html", {"minutes": FAILURE_WINDOW // 60}, status=429)


class SignInView(auth_views.LoginView):
    """The password form, refusing further tries after repeated failures."""

    template_name = "registration/signin.html"
    authentication_form = EmailSignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("link_form", LinkRequestForm())
        return context

    def post(self, request, *args, **kwargs):
        username = (request.POST.get("username") or "").strip().lower()[:254]
        if throttle.is_blocked(
            "signin-ip", throttle.client_ip(request), limit=FAILURE_LIMIT * 4
        ) or (throttle.is_blocked("signin-user", username, limit=FAILURE_LIMIT)):
            return throttled(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = (self.request.POST.get("username") or "").strip().lower()[:254]
        throttle.record_failure("signin-user", username, window=FAILURE_WINDOW)
        throttle.record_failure(
            "signin-ip", throttle.client_ip(self.request), window=FAILURE_WINDOW
        )
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@never_cache
@require_http_methods(["POST"])
def link_request(request):
    ip = throttle.client_ip(request)
    if throttle.is_blocked("signin-link-ip", ip, limit=LINK_REQUESTS_PER_IP):
        return throttled(request)
    form = LinkRequestForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "registration/signin.html",
            {"form": EmailSignInForm(request), "link_form": form},
            status=400,
        )
    email = form.cleaned_data["email"].strip().lower()
    throttle.record_failure("signin-link-ip", ip, window=FAILURE_WINDOW)
    # Past the limit the page still says "check your e-mail", so that it
    # tells nobody anything about the address; only the e-mail is not sent.
    if not throttle.is_blocked("signin-link-address", email, limit=LINK_REQUESTS_PER_ADDRESS):
        throttle.record_failure("signin-link-address", email, window=FAILURE_WINDOW)
        accounts.signin_link_request(email=email)
    return render(request, "registration/link_sent.html", {"email": email})


@never_cache
@sensitive_variables("token")
@require_http_methods(["GET", "HEAD", "POST"])
def link_signin(request, token: str):
    """GET only asks for a click: mail scanners open links, and must not use
    up the one-time link or sign anybody in."""
    user = accounts.signin_token_read(token)
    if user is None:
        return render(request, "registration/link_invalid.html", status=404)
    if request.method != "POST":
        return render(request, "registration/link_confirm.html")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("my_reports")
