"""The Today view (issue 18): what needs doing now and how today is going."""
