// Placeholder replaced by the HTTP scenario server.
int main() { return 0; }
